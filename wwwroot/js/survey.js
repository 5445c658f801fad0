// The customer's side of a satisfaction survey (survey.html): no sign-in, the mail's link carries a token and the rating
// clicked (#token=…&rating=good). The rating is sent at once, a word may follow, and a change of mind is a click.
// The page speaks the customer's language: the browser's at first, then the conversation's as the server knows it.
import { api } from './api.js';

const words = {
  en: {
    title: 'How did we do?', good: '👍 Good', bad: '👎 Not good', thanks: 'Thank you! Your answer reached the team.',
    more: 'Anything to add? (optional)', send: 'Send my comment', sent: 'Thank you, the team will read it.',
    gone: 'This survey link is unknown or has expired.', broken: 'This link is not complete: open it from the mail again.',
    failed: 'That did not go through; please try again.',
  },
  fr: {
    title: 'Comment avons-nous répondu ?', good: '👍 Bien', bad: '👎 Pas bien', thanks: 'Merci ! Votre réponse est parvenue à l’équipe.',
    more: 'Un mot à ajouter ? (facultatif)', send: 'Envoyer mon commentaire', sent: 'Merci, l’équipe le lira.',
    gone: 'Ce lien d’enquête est inconnu ou a expiré.', broken: 'Ce lien est incomplet : ouvrez-le à nouveau depuis le mail.',
    failed: 'L’envoi n’a pas abouti ; merci de réessayer.',
  },
};
let lang = (navigator.language || 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en';
const $ = id => document.getElementById(id);
const params = new URLSearchParams(location.hash.slice(1));
const token = params.get('token');
let rating = params.get('rating');
// The token stays in memory, not in the address bar or the history.
history.replaceState(null, '', location.pathname);

function draw(statusKey) {
  const w = words[lang];
  document.documentElement.lang = lang;
  document.title = w.title;
  $('survey-title').textContent = w.title;
  $('survey-good').textContent = w.good;
  $('survey-bad').textContent = w.bad;
  $('survey-comment-text').textContent = w.more;
  $('survey-send').textContent = w.send;
  for (const b of document.querySelectorAll('.survey-choice')) b.setAttribute('aria-pressed', String(b.dataset.rating === rating));
  if (statusKey) $('survey-status').textContent = w[statusKey];
}

async function send(body, okKey) {
  try {
    const answer = await api('/api/survey', { method: 'POST', body: { token, ...body } });
    lang = answer.language === 'fr' ? 'fr' : 'en';
    rating = answer.rating;
    $('survey-comment-label').hidden = $('survey-send').hidden = false;
    if (answer.comment && !$('survey-comment').value) $('survey-comment').value = answer.comment;
    draw(okKey);
  } catch (e) {
    draw(e.status === 404 ? 'gone' : 'failed');
    if (e.status === 404) for (const b of document.querySelectorAll('#survey button')) b.disabled = true;
  }
}

for (const b of document.querySelectorAll('.survey-choice'))
  b.addEventListener('click', () => { rating = b.dataset.rating; send({ rating }, 'thanks'); });
$('survey').addEventListener('submit', e => {
  e.preventDefault();
  if (rating) send({ rating, comment: $('survey-comment').value }, 'sent');
});

if (!token) {
  draw('broken');
  for (const b of document.querySelectorAll('#survey button')) b.disabled = true;
} else if (rating === 'good' || rating === 'bad') {
  draw();
  send({ rating }, 'thanks');
} else {
  rating = null;
  draw();
}
