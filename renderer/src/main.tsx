import { StrictMode, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';
import { installTestHooks } from './test-hooks';
// Issue 9 (scenario editor): `#/editor` shows the editor; every other hash keeps the ward App.
import { ScenarioEditorApp } from './editor/ScenarioEditorApp';

installTestHooks();

// Issue 9: route on location.hash so the editor and the ward share one build and one page.
const subscribeHash = (cb: () => void) => (window.addEventListener('hashchange', cb), () => window.removeEventListener('hashchange', cb));
function Root() {
  const isEditor = useSyncExternalStore(subscribeHash, () => location.hash.startsWith('#/editor'));
  return isEditor ? <ScenarioEditorApp /> : <App />;
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
