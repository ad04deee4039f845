/**
 * The four panels, each given what it needs from the shared wiring (useExplorable). App places them,
 * in the full page or alone in an embed.
 */
import type { ReactNode } from 'react';
import { BACKEND_LABELS, DEFAULT_TRAIN_CONFIG } from '../engine/protocol';
import type { Panel } from '../state/hash';
import { ModelSourceSwitch } from './ModelSourceSwitch';
import { DerivationPanel } from './panels/derivation/DerivationPanel';
import { ForwardPanel } from './panels/forward/ForwardPanel';
import { SamplingPanel } from './panels/sampling/SamplingPanel';
import { samplerChoiceOf, samplerPatch } from './panels/sampling/samplingText';
import { TrainingPanel } from './panels/training/TrainingPanel';
import type { Explorable } from './useExplorable';

export function panelNodes(x: Explorable): Record<Panel, ReactNode> {
  const { state, update, engine, client, training, trainingActions, models } = x;
  const { source, pretrained, ensurePretrained, yoursConditional } = models;
  const modelSwitch = (
    <ModelSourceSwitch
      source={source}
      onChange={models.choose}
      pretrained={models.plainModel}
      conditional={models.conditionalModel}
      yourStep={training.step}
      yoursConditional={yoursConditional}
    />
  );
  const { x0, drawing, onDraw } = x.x0;
  return {
    forward: x0 ? (
      <ForwardPanel state={state} update={update} schedule={x.schedule} x0={x0} set={x.digitSet} drawing={drawing} onDraw={onDraw} />
    ) : (
      <p className="muted">Loading the digits…</p>
    ),
    training: (
      <TrainingPanel
        state={training}
        actions={trainingActions}
        otherTraining={x.otherTraining}
        pretrainedSteps={(yoursConditional ? models.conditionalModel : models.plainModel).about?.steps ?? training.pretrained?.steps}
        meter={state.meter}
        onSamplePretrained={
          state.embed
            ? undefined
            : () => {
                models.choose(yoursConditional ? 'conditional' : 'pretrained');
                update({ panel: 'sampling' });
                document.getElementById('panel-sampling')?.scrollIntoView({ block: 'start' });
              }
        }
        backendName={engine.status === 'ready' ? BACKEND_LABELS[engine.report.name] : null}
      />
    ),
    derivation: (
      <DerivationPanel
        schedule={x.schedule}
        modelSchedule={x.trainingSchedule}
        t={state.t}
        onChangeT={(t) => update({ t })}
        lang={state.lang}
        onChangeLang={(lang) => update({ lang })}
        model={x.derivationModel}
        modelControls={engine.status === 'ready' ? modelSwitch : undefined}
        onLoadPretrained={source !== 'yours' && pretrained.status !== 'ready' && pretrained.status !== 'loading' ? () => void ensurePretrained() : undefined}
      />
    ),
    sampling: (
      <SamplingPanel
        client={training.status === 'ready' ? client : null}
        trainingStep={training.step}
        trainingRunning={training.running}
        emaOn={training.info?.config.ema ?? DEFAULT_TRAIN_CONFIG.ema}
        schedule={x.trainingSchedule}
        seed={state.sampleSeed}
        onSeedChange={(sampleSeed) => update({ sampleSeed })}
        denoiseStart={x.denoiseStart}
        choice={samplerChoiceOf(state)}
        onChoiceChange={(c) => update(samplerPatch(c))}
        source={source}
        modelSwitch={modelSwitch}
        conditional={models.conditional}
        guidance={{ digitClass: state.digitClass, w: state.w }}
        onGuidanceChange={(patch) => {
          // the model stays the one in use (a link's digit chose it; "any digit" must not switch it away)
          models.pin();
          update(patch);
        }}
        lang={state.lang}
        onLangChange={(lang) => update({ lang })}
        pretrained={pretrained}
        ensurePretrained={ensurePretrained}
        yoursFromPretrained={training.pretrained !== null}
        meter={state.meter}
        digits={x.digitSet}
      />
    ),
  };
}
