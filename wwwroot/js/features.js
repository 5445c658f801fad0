// Feature modules that add views or decorate the inbox register themselves on import.
// Each feature adds one line here.
import './board.js';
import './duplicates.js';
import './channels.js';
import './email.js';
import './collision.js';
import './security.js';
import './consistency.js';
import './audit.js';
import './saved-replies.js';
import './notes.js';
import './shortcuts.js';
import './tags.js';
import './bulk.js';
import './snooze.js';
import './attach.js';
import './reads.js';
import './signature.js';
import './mentions.js';
import './send-close.js';
import './views.js';
import './team.js';
import './password.js';
import './customer.js';
import './notify.js';
import './history.js';
import './away.js';
