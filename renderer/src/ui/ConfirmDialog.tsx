/**
 * A question the app must ask before doing something that cannot be undone from where the user stands
 * (replacing a running session). One at a time, modal: the answer resolves the asker's promise.
 */
import { useEffect, useRef } from 'react';
import { useUi, type ConfirmRequest } from '../state/store';

/** Ask the user; resolves true when they confirm, false when they cancel (Escape cancels). */
export function askUser(req: Omit<ConfirmRequest, 'resolve'>): Promise<boolean> {
  return new Promise((resolve) => {
    // A second question replaces the first, which counts as cancelled.
    useUi.getState().confirm?.resolve(false);
    useUi.getState().ask({ ...req, resolve });
  });
}

export function ConfirmDialog() {
  const req = useUi((s) => s.confirm);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // Cancel is the safe choice: it has the focus, so Enter alone never throws work away.
    if (req) cancelRef.current?.focus();
  }, [req]);
  if (!req) return null;
  const answer = (ok: boolean) => {
    useUi.getState().ask(null);
    req.resolve(ok);
  };
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && answer(false)}>
      <div className="dialog confirm" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-text" data-testid="confirm-dialog">
        <h2 id="confirm-title">{req.title}</h2>
        <p id="confirm-text">{req.text}</p>
        <div className="row">
          <button ref={cancelRef} onClick={() => answer(false)} data-testid="confirm-cancel">
            Cancel
          </button>
          <button className="primary" onClick={() => answer(true)} data-testid="confirm-ok">
            {req.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
