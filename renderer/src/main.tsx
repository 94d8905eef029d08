import { StrictMode, useRef, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';
import { installTestHooks } from './test-hooks';
// Issue 9 (scenario editor): `#/editor` shows the editor; every other hash keeps the ward App.
import { ScenarioEditorApp } from './editor/ScenarioEditorApp';
// Issue 14: a page served by `wardtwin lab serve` joins that lab (join screen first).
import { LabRoot } from './lab/LabRoot';
import { isLabPage } from './lab/lab-session';

installTestHooks();

// Issue 9: route on location.hash so the editor and the ward share one build and one page.
const subscribeHash = (cb: () => void) => (window.addEventListener('hashchange', cb), () => window.removeEventListener('hashchange', cb));
function Root() {
  const isEditor = useSyncExternalStore(subscribeHash, () => location.hash.startsWith('#/editor'));
  const wardStarted = useRef(false);
  if (isLabPage()) return isEditor ? <ScenarioEditorApp /> : <LabRoot />;
  // Once the ward has started it stays mounted (hidden) while the editor is open: leaving the ward for
  // the editor must not end the running session. A page opened on the editor starts no ward until asked.
  if (!isEditor) wardStarted.current = true;
  return (
    <>
      {wardStarted.current && (
        <div className="ward-root" hidden={isEditor}>
          <App />
        </div>
      )}
      {isEditor && <ScenarioEditorApp />}
    </>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
