using Inbox.Web;

// Services, endpoints and background work are listed in InboxApp.Build, which the tests share.
var app = InboxApp.Build(args);
app.Run();
