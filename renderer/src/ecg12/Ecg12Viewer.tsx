/**
 * The 12-lead ECG viewer: the tracing of a resulted 'ecg_12_lead' order as the printed sheet (sheet.ts),
 * opened from the order's row in the Labs panel, with the SVG and the samples (CSV) to download.
 */
import { useEffect, useMemo, useState } from 'react';
import { ecg12Csv } from '../../../twin-engine/devices/ecg12';
import type { Ecg12Recording } from '../../../twin-engine/session/api';
import { download } from '../debrief/report';
import { useUi } from '../state/store';
import { formatClock } from '../ui/format';
import { ecg12SheetSvg, SIMULATION_NOTICE, type SheetHeader } from './sheet';

export function Ecg12Viewer({ bedId, orderId, onClose }: { bedId: string; orderId: string; onClose(): void }) {
  const [rec, setRec] = useState<Ecg12Recording | null>(null);
  const [error, setError] = useState<string | null>(null);
  const bed = useUi((s) => s.ward?.beds.find((b) => b.bedId === bedId) ?? null);
  useEffect(() => {
    let alive = true;
    const s = useUi.getState().session;
    if (!s) return;
    s.ecg12Recording(bedId, orderId).then(
      (r) => alive && setRec(r),
      (e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      alive = false;
    };
  }, [bedId, orderId]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const header: SheetHeader | null = useMemo(
    () =>
      rec && {
        patient: bed ? `Patient ${bed.profile.ageY} y, ${bed.profile.sex}` : 'Patient',
        bed: bed?.label ?? bedId,
        time: formatClock(rec.startS),
        rateBpm: rec.ventricularRateBpm,
      },
    [rec, bed, bedId],
  );
  const svg = useMemo(() => (rec && header ? ecg12SheetSvg(rec, header) : ''), [rec, header]);
  const fileBase = `wardtwin-ecg12-${bedId}-${orderId}`;
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="dialog ecg12" role="dialog" aria-label="12-lead ECG" data-testid="ecg12-viewer" onClick={(e) => e.stopPropagation()}>
        <h2>12-lead ECG <span className="sim-tag">{SIMULATION_NOTICE}</span></h2>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {!rec && !error && <p className="muted">Loading the tracing…</p>}
        {/* The sheet is our own markup from numbers (sheet.ts escapes every text it prints). */}
        {svg && <div className="ecg12-sheet" data-testid="ecg12-sheet" dangerouslySetInnerHTML={{ __html: svg }} />}
        <div className="row">
          <button disabled={!svg} onClick={() => download(`${fileBase}.svg`, svg, 'image/svg+xml')} data-testid="ecg12-svg">
            Download SVG
          </button>
          <button
            disabled={!rec || !header}
            onClick={() => rec && header && download(`${fileBase}.csv`, ecg12Csv(rec, `${header.patient}, ${header.bed}, recorded ${header.time} simulated clock.`), 'text/csv')}
            data-testid="ecg12-csv"
          >
            Download samples (CSV)
          </button>
          <button onClick={onClose} data-testid="ecg12-close">
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
