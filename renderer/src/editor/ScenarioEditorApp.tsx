/**
 * Scenario authoring (route `#/editor`): the form and raw YAML on the left, the instant preview on the
 * right; a second tab builds wards. SIMULATION — NOT FOR CLINICAL USE.
 */
import { useEffect, useState } from 'react';
import './editor.css';
import { useEditor } from './editor-store';
import { installEditorHooks } from './editor-hooks';
import { ExpectedSection } from './ExpectedSection';
import { readLibrary } from './library';
import { useLiveCheck } from './live-check';
import { MetaSection } from './MetaSection';
import { PatientSection } from './PatientSection';
import { PreviewPanel } from './PreviewPanel';
import { ProblemsList } from './ProblemsList';
import { RawYamlTab } from './RawYamlTab';
import { SaveBar } from './SaveBar';
import { StatesSection } from './StatesSection';
import { TemplatePicker } from './TemplatePicker';
import { TimelineSection } from './TimelineSection';
import { WardBuilder } from './WardBuilder';

const DEFAULT_TEMPLATE = 'hemorrhage-postop.yaml';

installEditorHooks();

export function ScenarioEditorApp() {
  const [tab, setTab] = useState<'scenario' | 'ward'>('scenario');
  const [view, setView] = useState<'form' | 'yaml'>('form');
  const title = useEditor((s) => s.scenario?.title ?? null);
  useEffect(() => {
    if (useEditor.getState().rev === 0) useEditor.getState().load(readLibrary(DEFAULT_TEMPLATE), DEFAULT_TEMPLATE);
  }, []);
  useLiveCheck();
  return (
    <div className="ed-app">
      <div className="sim-banner" role="note">
        SIMULATION — NOT FOR CLINICAL USE
      </div>
      <header className="ed-top">
        <h1>Scenario editor</h1>
        <nav className="views" aria-label="Editor">
          <button type="button" aria-pressed={tab === 'scenario'} onClick={() => setTab('scenario')}>
            Scenario
          </button>
          <button type="button" aria-pressed={tab === 'ward'} onClick={() => setTab('ward')} data-testid="tab-ward">
            Ward builder
          </button>
        </nav>
        {tab === 'scenario' && <TemplatePicker />}
        <a className="ed-back" href="#/">
          ← Back to the ward
        </a>
      </header>
      {tab === 'ward' ? (
        <WardBuilder />
      ) : (
        <>
          <SaveBar />
          <div className="ed-main">
            <div className="ed-left">
              <div className="ed-view-tabs" role="tablist">
                <button type="button" role="tab" aria-selected={view === 'form'} aria-pressed={view === 'form'} onClick={() => setView('form')}>
                  Form
                </button>
                <button type="button" role="tab" aria-selected={view === 'yaml'} aria-pressed={view === 'yaml'} onClick={() => setView('yaml')} data-testid="tab-yaml">
                  YAML
                </button>
                <span className="ed-editing">{title ? `Editing: ${title}` : ''}</span>
              </div>
              <ProblemsList />
              {view === 'yaml' ? (
                <RawYamlTab />
              ) : (
                <div className="ed-form">
                  <MetaSection />
                  <PatientSection />
                  <TimelineSection />
                  <StatesSection />
                  <ExpectedSection />
                </div>
              )}
            </div>
            <PreviewPanel />
          </div>
        </>
      )}
    </div>
  );
}
