-- The response timer keeps a copy of its conversation's assignee (so the lead board counts each agent's at-risk
-- conversations from the timers' index alone). Every change of assignee — by an agent, a lead, automatic assignment or
-- a disabled account's conversations going back to the queue — now reaches the copy, in one place; until now it
-- waited for the conversation's next message. Intake's own updates of conversations do not set the assignee, so they
-- do not fire it.
CREATE TRIGGER conversations_assignee_to_timer AFTER UPDATE OF assigned_agent_id ON conversations
BEGIN
    UPDATE conversation_timers SET assigned_agent_id = NEW.assigned_agent_id WHERE conversation_id = NEW.id;
END;
UPDATE conversation_timers SET assigned_agent_id = (SELECT c.assigned_agent_id FROM conversations c WHERE c.id = conversation_id);
