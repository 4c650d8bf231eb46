// A form with data-confirm, or the button that submits it, asks before it is sent (an action that e-mails
// people or cannot be undone: publishing the floor plan, cancelling a grant, approving all that match).
document.addEventListener("submit", (event) => {
  const submitter = event.submitter;
  const question = (submitter && submitter.dataset && submitter.dataset.confirm)
    || (event.target.dataset ? event.target.dataset.confirm : undefined);
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
