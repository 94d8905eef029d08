/** The instructor console: open wards and scenarios, steer the selected bed, see the hidden truth. */
import { DrugForm, FluidForm } from '../learner/intervention-forms';
import { LoadPanel } from './LoadPanel';
import { ArtifactsForm, ConditionForm, JumpToStateForm, NoteForm } from './ScenarioControls';
import { TruthView } from './TruthView';

export function InstructorConsole() {
  return (
    <section className="panel" aria-label="Instructor console" data-testid="instructor-console">
      <LoadPanel />
      <ConditionForm />
      <JumpToStateForm />
      <TruthView />
      <NoteForm />
      <details className="form">
        <summary>Interventions as instructor</summary>
        <FluidForm by="instructor" />
        <DrugForm by="instructor" />
      </details>
      <details className="form">
        <summary>Monitor artifacts</summary>
        <ArtifactsForm />
      </details>
    </section>
  );
}
