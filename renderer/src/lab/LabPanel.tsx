/**
 * The instructor's Lab panel: where students join (address, code, QR code), who is in (roster: connected
 * or not, their beds; assign, remove, rotate the code), the live leaderboard of their modules beside the
 * bedside monitor, and the gradebook to download. Everything comes from the lab server's instructor-only
 * commands (labRoster, labLeaderboard, labGradebook, …); this panel only shows and asks.
 */
import QRCode from 'qrcode';
import { useCallback, useEffect, useState } from 'react';
import type { LabGradebook, LabRosterInfo, Leaderboard, LeaderboardFigures } from '../../../twin-engine/session/api';
import { useUi } from '../state/store';
import { useCommand, Status } from '../ui/forms';
import { formatClock } from '../ui/format';

const ROSTER_POLL_MS = 3000;
const BOARD_POLL_MS = 5000;

/** Poll `fn` every `ms` while mounted; `refresh` asks at once (after a change made here). */
function usePoll<T>(fn: () => Promise<T>, ms: number): { value: T | null; error: string | null; refresh: () => void } {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    const ask = () =>
      fn().then(
        (v) => alive && (setValue(v), setError(null)),
        (e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)),
      );
    void ask();
    const t = setInterval(() => void ask(), ms);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, [fn, ms, tick]);
  return { value, error, refresh: useCallback(() => setTick((n) => n + 1), []) };
}

/** The page's address as students on the LAN reach it (the lab server lists its interfaces). */
function useJoinAddresses(): string[] {
  const [list, setList] = useState<string[]>([`${location.origin}/`]);
  useEffect(() => {
    let alive = true;
    fetch('./lab-addresses.json')
      .then((r) => (r.ok ? (r.json() as Promise<{ addresses?: unknown }>) : null))
      .then((j) => {
        const a = Array.isArray(j?.addresses) ? j.addresses.filter((x): x is string => typeof x === 'string') : [];
        if (alive && a.length) setList(a);
      })
      .catch(() => {});
    return () => {
      alive = false;
    };
  }, []);
  return list;
}

function JoinCard({ code, onRotated }: { code: string | null; onRotated: () => void }) {
  const addresses = useJoinAddresses();
  const [address, setAddress] = useState<string | null>(null);
  const shown = address && addresses.includes(address) ? address : addresses[0];
  const [qr, setQr] = useState<string | null>(null);
  const c = useCommand();
  // The QR code opens the join screen with the code filled in (#code=…, a fragment: never sent to a server log).
  const link = code ? `${shown}#code=${encodeURIComponent(code)}` : shown;
  useEffect(() => {
    let alive = true;
    QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } }).then(
      (svg) => alive && setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`),
      () => alive && setQr(null),
    );
    return () => {
      alive = false;
    };
  }, [link]);
  return (
    <div className="form lab-join-card" data-testid="lab-join-card">
      <h4>Students join here</h4>
      <div className="lab-join-grid">
        {qr ? <img className="lab-qr" src={qr} alt={`QR code: ${link}`} data-testid="lab-qr" /> : <div className="lab-qr" />}
        <div>
          <p>
            Open{' '}
            {addresses.length > 1 ? (
              <select value={shown} onChange={(e) => setAddress(e.target.value)} aria-label="Address on the local network">
                {addresses.map((a) => (
                  <option key={a}>{a}</option>
                ))}
              </select>
            ) : (
              <strong data-testid="lab-address">{shown}</strong>
            )}
          </p>
          <p>
            Join code <strong className="lab-code" data-testid="lab-code-shown">{code ?? '…'}</strong>
          </p>
          <button type="button" className="small" disabled={c.busy} onClick={() => void c.run('New code issued (students already in stay in)', async () => (await useUi.getState().session?.labRotateCode(), onRotated()))} data-testid="lab-rotate">
            New code
          </button>
          <Status error={c.error} done={c.done} />
        </div>
      </div>
    </div>
  );
}

function BedsCell({ name, beds, onChanged }: { name: string; beds: string[] | null; onChanged: () => void }) {
  const [text, setText] = useState((beds ?? []).join(', '));
  // Polled every few seconds as a new array: follow the server only when the list itself changed.
  const serverText = (beds ?? []).join(', ');
  useEffect(() => setText(serverText), [serverText]);
  const c = useCommand();
  const assign = () => {
    const list = text
      .split(/[\s,]+/)
      .map((b) => b.trim())
      .filter(Boolean);
    void c.run(`Beds of ${name} set`, async () => (await useUi.getState().session?.labAssignBeds(name, list.length ? list : null), onChanged()));
  };
  return (
    <form className="lab-beds" onSubmit={(e) => (e.preventDefault(), assign())}>
      <input type="text" value={text} placeholder={beds ? '' : 'every bed'} list="lab-bed-ids" onChange={(e) => setText(e.target.value)} aria-label={`Beds of ${name}`} data-testid={`lab-beds-${name}`} />
      <button type="submit" className="small" disabled={c.busy} data-testid={`lab-assign-${name}`}>
        Assign
      </button>
      {c.error && <span className="form-error">{c.error}</span>}
    </form>
  );
}

function RemoveButton({ name, onChanged }: { name: string; onChanged: () => void }) {
  const [sure, setSure] = useState(false);
  const c = useCommand();
  return sure ? (
    <span>
      <button type="button" className="small danger" disabled={c.busy} onClick={() => void c.run(`${name} removed`, async () => (await useUi.getState().session?.labRemove(name), onChanged()))} data-testid={`lab-remove-confirm-${name}`}>
        Remove {name}
      </button>{' '}
      <button type="button" className="small" onClick={() => setSure(false)}>
        Keep
      </button>
    </span>
  ) : (
    <button type="button" className="small" onClick={() => setSure(true)} data-testid={`lab-remove-${name}`}>
      Remove
    </button>
  );
}

function Roster({ roster, onChanged }: { roster: LabRosterInfo | null; onChanged: () => void }) {
  const ward = useUi((s) => s.ward);
  const bedIds = ward?.beds.map((b) => b.bedId) ?? [];
  const students = roster?.students ?? [];
  const online = students.filter((s) => s.connections > 0).length;
  return (
    <div className="form" data-testid="lab-roster">
      <h4>
        Roster · {students.length} student{students.length === 1 ? '' : 's'}, {online} connected
      </h4>
      <datalist id="lab-bed-ids">
        {bedIds.map((b) => (
          <option key={b} value={b} />
        ))}
      </datalist>
      {students.length === 0 ? (
        <p className="muted">Nobody has joined yet.</p>
      ) : (
        <table className="data compact">
          <thead>
            <tr>
              <th>Student</th>
              <th title="Bed ids, comma-separated; empty: every bed">Beds</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {students.map((s) => (
              <tr key={s.name} data-testid={`lab-student-${s.name}`}>
                <td className="nowrap">
                  <strong>{s.name}</strong>{' '}
                  {s.connections > 0 ? <span className="lab-on">● connected</span> : <span className="lab-off" title="Dropped out: rejoins with their token">○ away</span>}
                  <div className="hint">joined T+{formatClock(s.joinedAtS)}</div>
                </td>
                <td>
                  <BedsCell name={s.name} beds={s.beds} onChanged={onChanged} />
                </td>
                <td>
                  <RemoveButton name={s.name} onChanged={onChanged} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {bedIds.length > 0 && <p className="hint">Beds in this ward: {bedIds.join(', ')}</p>}
    </div>
  );
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`);
const rate = (x: number | null) => (x === null ? '—' : x.toFixed(2));
const secs = (x: number | null) => (x === null ? '—' : x < 120 ? `${Math.round(x)} s` : `${(x / 60).toFixed(1)} min`);
const detected = (f: LeaderboardFigures) => `${f.detected}/${f.episodes}`;

function LeaderboardTable({ board, error }: { board: Leaderboard | null; error: string | null }) {
  return (
    <div className="form" data-testid="lab-leaderboard">
      <h4>Leaderboard {board ? <span className="hint">· scored on the truth up to T+{formatClock(board.simTimeS)}, refreshed every {BOARD_POLL_MS / 1000} s</span> : null}</h4>
      {error && <p className="form-error">{error}</p>}
      {!board || board.rows.length === 0 ? (
        <p className="muted">No module attached yet: students upload theirs in the AI modules tab.</p>
      ) : (
        <table className="data compact lab-board">
          <thead>
            <tr>
              <th>#</th>
              <th>Module · status</th>
              <th>Student</th>
              <th title="Episodes detected / episodes so far (module · bedside monitor)">Detected</th>
              <th title="Positive predictive value">PPV</th>
              <th title="False alarms per patient-hour">FA/pt-h</th>
              <th title="Median time from episode start to the first true alert">Latency</th>
            </tr>
          </thead>
          <tbody>
            {board.rows.map((r, i) => (
              <tr key={r.moduleId} data-testid={`lab-board-row-${r.moduleId}`}>
                <td>{i + 1}</td>
                <td className="nowrap">
                  {r.name}
                  <div className="hint">
                    {r.status} · {r.targets.join(', ') || 'no targets declared'}
                  </div>
                </td>
                <td>{r.owner ?? <span className="muted">instructor</span>}</td>
                <td>
                  {detected(r.module)}
                  <div className="hint">monitor {detected(r.monitor)}</div>
                </td>
                <td>
                  {pct(r.module.ppv)}
                  <div className="hint">monitor {pct(r.monitor.ppv)}</div>
                </td>
                <td>
                  {rate(r.module.falseAlarmsPerPatientHour)}
                  <div className="hint">monitor {rate(r.monitor.falseAlarmsPerPatientHour)}</div>
                </td>
                <td>
                  {secs(r.module.latencyMedianS)}
                  <div className="hint">monitor {secs(r.monitor.latencyMedianS)}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** A file the browser saves (object URLs revoked when the gradebook is replaced). */
function useFileUrls(book: LabGradebook | null): { csv: string; reports: { student: string; fileName: string; url: string }[] } | null {
  const [urls, setUrls] = useState<ReturnType<typeof useFileUrls>>(null);
  useEffect(() => {
    if (!book) return;
    const csv = URL.createObjectURL(new Blob([book.csv], { type: 'text/csv;charset=utf-8' }));
    const reports = book.reports.map((r) => ({ student: r.student, fileName: r.fileName, url: URL.createObjectURL(new Blob([r.html], { type: 'text/html;charset=utf-8' })) }));
    setUrls({ csv, reports });
    return () => {
      URL.revokeObjectURL(csv);
      for (const r of reports) URL.revokeObjectURL(r.url);
    };
  }, [book]);
  return urls;
}

function Gradebook() {
  const [book, setBook] = useState<{ at: number; book: LabGradebook } | null>(null);
  const c = useCommand();
  const files = useFileUrls(book?.book ?? null);
  const make = () =>
    c.run('Gradebook ready: save the files below', async () => {
      const s = useUi.getState().session;
      if (!s) return;
      const [b, st] = await Promise.all([s.labGradebook(), s.status()]);
      setBook({ at: st.simTimeS, book: b });
    });
  return (
    <div className="form" data-testid="lab-gradebook">
      <h4>Gradebook</h4>
      <p className="hint">A CSV of every student's figures and expected-action timeliness, and one self-contained HTML report per student, as of now.</p>
      <button type="button" disabled={c.busy} onClick={() => void make()} data-testid="lab-gradebook-make">
        {book ? 'Export again (as of now)' : 'Export gradebook'}
      </button>
      <Status error={c.error} done={null} />
      {files && book && (
        <div className="lab-files">
          <p className="hint">As of T+{formatClock(book.at)}:</p>
          <a href={files.csv} download="gradebook.csv" data-testid="lab-gradebook-csv">
            gradebook.csv
          </a>
          {files.reports.map((r) => (
            <a key={r.fileName} href={r.url} download={r.fileName} data-testid={`lab-report-${r.student}`}>
              {r.fileName}
            </a>
          ))}
        </div>
      )}
    </div>
  );
}

export function LabPanel() {
  const session = useUi((s) => s.session);
  const roster = usePoll(useCallback(() => (session ? session.labRoster() : Promise.reject(new Error('Not connected'))), [session]), ROSTER_POLL_MS);
  const board = usePoll(useCallback(() => (session ? session.labLeaderboard() : Promise.reject(new Error('Not connected'))), [session]), BOARD_POLL_MS);
  return (
    <section className="panel lab-panel" aria-label="Lab session" data-testid="lab-panel">
      {roster.error && <p className="form-error">{roster.error}</p>}
      <JoinCard code={roster.value?.code ?? null} onRotated={roster.refresh} />
      <Roster roster={roster.value} onChanged={roster.refresh} />
      <LeaderboardTable board={board.value} error={board.error} />
      <Gradebook />
    </section>
  );
}
