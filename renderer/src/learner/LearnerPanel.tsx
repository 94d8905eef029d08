/** What a learner can do at the selected bed: treatments and recorded actions (labs have their own tab). */
import { DrugForm, FluidForm, OxygenForm, ProcedureForm } from './intervention-forms';
import { NonModelActions } from './NonModelActions';

export function LearnerPanel() {
  return (
    <section className="panel" aria-label="Learner actions" data-testid="learner-panel">
      <OxygenForm by="learner" />
      <FluidForm by="learner" />
      <DrugForm by="learner" />
      <ProcedureForm by="learner" />
      <NonModelActions />
    </section>
  );
}
