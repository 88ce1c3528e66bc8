import { useEffect, useRef, useState } from 'react';
import {
  addGroupMember, createGroup, listConversations, readThread, sendMessage, startConversation,
} from '../api.js';
import './MessagesView.css';

const POLL_MS = 3000;

// The rules live on the server (only a conversation's members read it, no conversation with
// oneself, reading marks it read, a group's members are added by email): this view asks, shows
// what the server says, and asks again every few seconds so others' messages arrive without a reload.
export default function MessagesView() {
  const [conversations, setConversations] = useState([]);
  const [openId, setOpenId] = useState(null);
  const [messages, setMessages] = useState([]);
  const [email, setEmail] = useState('');
  const [groupName, setGroupName] = useState('');
  const [groupEmails, setGroupEmails] = useState('');
  const [newcomer, setNewcomer] = useState('');
  const [draft, setDraft] = useState('');
  const [error, setError] = useState('');
  const openRef = useRef(null);
  openRef.current = openId;

  const refresh = () => {
    const id = openRef.current;
    // the open thread is read first, so the list's unread count for it is already 0
    const thread = id ? readThread({ conversation_id: id }).then(setMessages) : Promise.resolve();
    return thread.then(() => listConversations()).then(setConversations).catch((e) => setError(e.message));
  };
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => { refresh(); }, [openId]);

  async function start(event) {
    event.preventDefault();
    setError('');
    try {
      const conversation = await startConversation({ email });
      setEmail('');
      setOpenId(conversation.conversation_id);
    } catch (e) {
      setError(e.message);
    }
  }

  async function startGroup(event) {
    event.preventDefault();
    setError('');
    try {
      const emails = groupEmails.split(/[\s,;]+/).filter(Boolean);
      const group = await createGroup({ name: groupName, emails });
      setGroupName('');
      setGroupEmails('');
      setOpenId(group.conversation_id);
    } catch (e) {
      setError(e.message);
    }
    refresh();
  }

  async function addMember(event) {
    event.preventDefault();
    setError('');
    try {
      await addGroupMember({ conversation_id: openId, email: newcomer });
      setNewcomer('');
    } catch (e) {
      setError(e.message);
    }
    refresh();
  }

  async function send(event) {
    event.preventDefault();
    setError('');
    try {
      await sendMessage({ conversation_id: openId, body: draft });
      setDraft('');
    } catch (e) {
      setError(e.message);
    }
    refresh();
  }

  const open = conversations.find((c) => c.conversation_id === openId);
  return (
    <section className="messages">
      <form className="dm-start" onSubmit={start}>
        <label className="field">
          Message someone (their email)
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required maxLength={254} />
        </label>
        <button type="submit">Start conversation</button>
      </form>
      <form className="dm-start" onSubmit={startGroup}>
        <label className="field">
          Group name
          <input value={groupName} onChange={(e) => setGroupName(e.target.value)} required maxLength={80} />
        </label>
        <label className="field">
          Members (their emails, comma-separated)
          <input value={groupEmails} onChange={(e) => setGroupEmails(e.target.value)} required />
        </label>
        <button type="submit">Start group</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="dm-panes">
        <ul className="dm-list" aria-label="Conversations">
          {conversations.length === 0 && <li className="empty">No conversations yet.</li>}
          {conversations.map((c) => (
            <li key={c.conversation_id}>
              <button type="button" className={c.conversation_id === openId ? 'dm-item open' : 'dm-item'}
                aria-label={c.group ? `Group ${c.name}` : `Conversation with ${c.other}`}
                onClick={() => setOpenId(c.conversation_id)}>
                <span className="dm-other">{c.group ? `${c.name} (${c.members.length})` : c.other}</span>
                {c.unread > 0 && <span className="dm-unread" aria-label={`${c.unread} unread`}>{c.unread}</span>}
                <span className="dm-last">{c.last_message ?? 'No messages yet'}</span>
              </button>
            </li>
          ))}
        </ul>
        <div className="dm-thread">
          {!open && <p className="empty">Choose a conversation, or start one.</p>}
          {open && (
            <>
              <h2>{open.group ? open.name : open.other}</h2>
              {open.group && (
                <>
                  <p className="dm-members" aria-label="Members">{open.members.join(', ')}</p>
                  <form className="dm-start" onSubmit={addMember}>
                    <label className="field">
                      Add someone (their email)
                      <input type="email" value={newcomer} onChange={(e) => setNewcomer(e.target.value)} required maxLength={254} />
                    </label>
                    <button type="submit">Add to group</button>
                  </form>
                </>
              )}
              <ol className="dm-messages" aria-label="Messages">
                {messages.map((m) => (
                  <li key={m.message_id} className={m.mine ? 'dm-message mine' : 'dm-message'}>
                    <span className="dm-body">{m.body}</span>
                    <span className="dm-meta">{m.mine ? 'You' : m.sender} · {m.created_at}</span>
                  </li>
                ))}
              </ol>
              <form className="dm-compose" onSubmit={send}>
                <label className="field">
                  Your message
                  <textarea value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={2000} required />
                </label>
                <button type="submit">Send</button>
              </form>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
