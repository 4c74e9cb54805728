// Asked when the user chooses a line that has a card while other names (or a photo) are already
// in the form: load the card, replacing them, or keep them as the update of that card. Opened
// only by that choice, and the focus goes back to the phone field after either answer.
import { fullName } from '../../lib/names.ts';
import { usePhoneFormatter } from '../../lib/phone-rules.ts';
import { answerLoadQuestion, useCardForm, type LoadQuestion } from '../../store/card-form.ts';
import { usePhoto } from '../../store/photo.ts';
import { Modal } from '../Modal.tsx';
import { focusCardField } from './field-ids.ts';

function Question({ question }: { question: LoadQuestion }) {
  const format = usePhoneFormatter();
  const values = useCardForm((state) => state.values);
  const newPhoto = usePhoto((state) => (state.photo.status === 'ready' ? state.photo.name : null));
  const { card } = question;
  const cardName = fullName(card.firstName, card.lastName) || 'a card without a name';
  const typed = fullName(values.firstName, values.lastName);
  const yours = [typed ? `“${typed}”` : null, newPhoto ? `the photo ${newPhoto}` : null]
    .filter(Boolean)
    .join(' and ');

  function answer(choice: 'load' | 'keep') {
    answerLoadQuestion(choice);
    // Once the dialog has closed: while it is open, the page behind it cannot take the focus.
    requestAnimationFrame(() => focusCardField('phone'));
  }

  return (
    <Modal labelledBy="load-card-title" describedBy="load-card-text" onClose={() => answer('keep')}>
      <h2 id="load-card-title" className="modal-title">
        {format(card.phoneNumber)} already has a card
      </h2>
      <div id="load-card-text" className="modal-text">
        <p>
          Its card shows <strong>“{cardName}”</strong>
          {card.imageUrl ? ', with a photo' : ''}. You have entered {yours || 'other details'}.
        </p>
        <p>
          Load the card to edit it (what you entered is replaced), or keep what you entered as the
          update of that card: the form then shows both side by side before anything is sent.
        </p>
      </div>
      <div className="modal-actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => answer('keep')}
          autoFocus
        >
          Keep what I entered
        </button>
        <button type="button" className="button button-primary" onClick={() => answer('load')}>
          Load the card
        </button>
      </div>
    </Modal>
  );
}

export function LoadCardDialog() {
  const question = useCardForm((state) => state.loadQuestion);
  return question ? <Question question={question} /> : null;
}
