/** Opens on the ward what the scenario editor asked for ("Open on the ward"), once the ward is shown. */
import { useEffect, useSyncExternalStore } from 'react';
import { useUi } from '../state/store';
import { openRequestedByEditor } from './open-saved';

const subscribe = (cb: () => void) => (window.addEventListener('hashchange', cb), () => window.removeEventListener('hashchange', cb));

export function OpenFromEditor() {
  const onWard = useSyncExternalStore(subscribe, () => !location.hash.startsWith('#/editor'));
  const ready = useUi((s) => s.session !== null && s.ward !== null && s.role === 'instructor');
  useEffect(() => {
    if (!onWard || !ready) return;
    openRequestedByEditor()
      .then((name) => name && useUi.getState().toast('info', `Opened ${name} from the editor`))
      .catch((err: unknown) => useUi.getState().toast('error', err instanceof Error ? err.message : String(err)));
  }, [onWard, ready]);
  return null;
}
