/**
 * Lab orders for the selected bed: order a panel (the sample is drawn now; the result arrives after the
 * panel's realistic turnaround as a 'lab' event) and read the results when they come.
 */
import { useMemo, useState } from 'react';
import { Ecg12Viewer } from '../ecg12/Ecg12Viewer';
import { LAB_PANELS, labFlag, labRange, labValueText } from '../../../twin-engine/core/labs';
import type { LabResultValue } from '../../../twin-engine/session/api';
import { history } from '../state/history';
import { useUi } from '../state/store';
import { Field, Select, Status, useCommand } from '../ui/forms';
import { formatClock } from '../ui/format';

interface OrderRow {
  orderId: string;
  panel: string;
  orderedS: number;
  dueS: number;
  results: LabResultValue[] | null;
  resultedS: number | null;
  report: string | null;
}

export function labOrders(bedId: string): OrderRow[] {
  const rows = new Map<string, OrderRow>();
  for (const e of history.all) {
    if (e.type !== 'lab' || e.bedId !== bedId) continue;
    const r = rows.get(e.orderId) ?? { orderId: e.orderId, panel: e.panel, orderedS: e.simTimeS, dueS: e.dueS, results: null, resultedS: null, report: null };
    if (e.change === 'resulted') {
      r.results = e.results;
      r.report = e.report ?? null;
      r.resultedS = e.simTimeS;
    }
    rows.set(e.orderId, r);
  }
  return [...rows.values()].reverse();
}

const panelLabel = (id: string) => LAB_PANELS.find((p) => p.id === id)?.label ?? id;
const turnaround = (s: number) => (s < 120 ? `${s} s` : `${Math.round(s / 60)} min`);

export function LabsPanel() {
  const bedId = useUi((s) => s.selectedBedId);
  const version = useUi((s) => s.historyVersion);
  const [panel, setPanel] = useState(LAB_PANELS[0].id);
  const [ecgOrder, setEcgOrder] = useState<string | null>(null);
  const c = useCommand();
  const orders = useMemo(() => (bedId ? labOrders(bedId) : []), [bedId, version]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!bedId) return null;
  const order = () =>
    c.run(`${panelLabel(panel)} ordered`, async () => {
      const s = useUi.getState().session;
      if (s) await s.orderLab(bedId, panel);
    });
  return (
    <section className="panel" aria-label="Labs" data-testid="labs-panel">
      <form className="form" onSubmit={(e) => (e.preventDefault(), void order())}>
        <h4>Order a lab or imaging</h4>
        <div className="row">
          <Field label="Panel">
            {(id) => (
              <Select id={id} value={panel} options={LAB_PANELS.map((p) => ({ value: p.id, label: `${p.label} (≈ ${turnaround(p.turnaroundS)})` }))} onChange={setPanel} />
            )}
          </Field>
          <button type="submit" disabled={c.busy} data-testid="order-lab">
            Order
          </button>
        </div>
        <Status error={c.error} done={c.done} />
      </form>
      <table className="data" aria-label="Lab results">
        <thead>
          <tr>
            <th scope="col">Sampled</th>
            <th scope="col">Panel</th>
            <th scope="col">Resulted</th>
            <th scope="col">Result (reference range; L/H flags)</th>
          </tr>
        </thead>
        <tbody>
          {orders.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                No orders for this bed yet
              </td>
            </tr>
          )}
          {orders.map((o) => (
            <tr key={o.orderId} data-testid="lab-row">
              <td>{formatClock(o.orderedS)}</td>
              <td>{panelLabel(o.panel)}</td>
              <td>{o.resultedS === null ? <span className="muted">due {formatClock(o.dueS)}</span> : formatClock(o.resultedS)}</td>
              <td>
                {o.results && o.panel === 'ecg_12_lead' ? (
                  <>
                    <p className="imaging-report" data-testid="ecg12-report">
                      {o.report}
                    </p>
                    <button onClick={() => setEcgOrder(o.orderId)} data-testid="ecg12-open">
                      View 12-lead ECG
                    </button>
                  </>
                ) : o.results && o.report !== null ? (
                  <p className="imaging-report" data-testid="imaging-report">
                    {o.report}
                  </p>
                ) : o.results ? (
                  <ul className="lab-results">
                    {o.results.map((r) => {
                      const flag = labFlag(o.panel, r);
                      return (
                        <li key={r.name} data-testid="lab-value" data-flag={flag} className={flag ? 'lab-flag' : undefined}>
                          {r.name} <b>{labValueText(o.panel, r)}</b>
                          {r.unit ? ` ${r.unit}` : ''}
                          {flag && <span className="flag"> {flag}</span>}
                          <span className="muted"> ({labRange(o.panel, r.name)})</span>
                        </li>
                      );
                    })}
                  </ul>
                ) : (
                  <span className="muted">pending</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {ecgOrder && <Ecg12Viewer bedId={bedId} orderId={ecgOrder} onClose={() => setEcgOrder(null)} />}
    </section>
  );
}
