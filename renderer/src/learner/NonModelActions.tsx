/**
 * Actions that do not act on the model but that the debrief scores (blood cultures, call for help, …):
 * recorded with session.recordAction. Lab-type actions are better done through "Order a lab".
 */
import { NON_MODEL_ACTIONS } from '../../../twin-engine/scenario/vocab';
import { useUi } from '../state/store';
import { Status, useCommand } from '../ui/forms';
import { humanize } from '../ui/format';

export function NonModelActions() {
  const c = useCommand();
  const record = (action: string) =>
    c.run(`Recorded: ${humanize(action)}`, async () => {
      const { session, selectedBedId } = useUi.getState();
      if (session && selectedBedId) await session.recordAction(selectedBedId, action);
    });
  return (
    <section className="form" aria-label="Other actions">
      <h4>Record an action</h4>
      <div className="chips">
        {NON_MODEL_ACTIONS.map((a) => (
          <button key={a} className="chip" disabled={c.busy} onClick={() => void record(a)} data-testid={`action-${a}`}>
            {humanize(a)}
          </button>
        ))}
      </div>
      <Status error={c.error} done={c.done} />
    </section>
  );
}
