/**
 * Actions that do not act on the model but that the debrief scores (blood cultures, call for help, …):
 * recorded with session.recordAction. Lab-type actions are better done through "Order a lab".
 */
import { LAB_PANELS } from '../../../twin-engine/core/labs';
import { NON_MODEL_ACTIONS } from '../../../twin-engine/scenario/vocab';

/** Actions a lab or imaging order performs (and is scored as): ordered there, with a result, not recorded here. */
const ORDERED = new Set(LAB_PANELS.flatMap((p) => p.actions));
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
        {NON_MODEL_ACTIONS.filter((a) => !ORDERED.has(a)).map((a) => (
          <button key={a} className="chip" disabled={c.busy} onClick={() => void record(a)} data-testid={`action-${a}`}>
            {humanize(a)}
          </button>
        ))}
      </div>
      <Status error={c.error} done={c.done} />
    </section>
  );
}
