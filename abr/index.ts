/**
 * vod-player's ABR core: pure TypeScript, no DOM, no timers, no clock. Time and samples are
 * arguments.
 *
 * Engine adapters use `createAbrController` (choose / onSegmentLoaded / shouldAbandon / onSeek /
 * reset). The pieces under it (`decide`, the rules, the estimator fold, `shouldAbandon`) are
 * exported for tests and tools; `simulate`, `solveOptimum` and the baselines are the offline
 * toolkit the benchmark runs.
 */
export * from './types.js';
export { DEFAULT_ABR_CONFIG, resolveAbrConfig, AbrConfigError } from './config.js';
export type { AbrConfig, PartialAbrConfig, EstimatorConfig, StartupConfig, PlannerConfig, BufferConfig, DownloadTimeConfig, AbandonConfig } from './config.js';
export { createAbrController } from './controller.js';
export type { AbrController, AbrControllerOptions, AbrControllerState } from './controller.js';
export { decide, pickProposal, effectivePhase, DEFAULT_RULES } from './decide.js';
export { shouldAbandon } from './abandon.js';
export { createEstimator, addSample, judgeSample, estimateBps, expectedTtfbMs, variabilityOf } from './estimator.js';
export { allowedRungs, bufferGoalOf, createRuleContext, describeCaps, downloadSec, plannerActive, segmentBytes, type Rule, type RuleContext } from './rules/context.js';
export { startupRule } from './rules/startup.js';
export { bufferRule, reservoirOf, upThresholdSec, planningBps, isSustained, drainPerSegmentSec, holdsFor } from './rules/buffer.js';
export { downloadTimeRule } from './rules/download-time.js';
export { planRule, bestPlan, planBandwidthBps, targetBufferSec, type Plan } from './rules/plan.js';

export { createSimTrace, parseSimTrace, constantTrace, traceMeanKbps, bitsBetween, secondsToDeliver, rateBpsAt, TraceFormatError } from './trace.js';
export type { SimTrace, TraceStep } from './trace.js';
export { ladderFromJson, constantLadder, DEFAULT_LADDER_SPEC, LadderFormatError } from './ladder.js';
export type { SimLadder, SimRung, SimSegment, LadderJsonLike, LadderOptions, ConstantLadderSpec } from './ladder.js';
export { simulate, resolveSimulateOptions, downloadEndSec, SimulationError } from './simulate.js';
export type { SimulateOptions, SimResult, SimTimeline, SimDownload, SimStall, SimSwitch, SimAbandonment, BufferSample } from './simulate.js';
export { computeQoe, fractionOfOptimum, DEFAULT_QOE_WEIGHTS } from './qoe.js';
export type { QoeWeights, QoeInput, QoeReport } from './qoe.js';
export { solveOptimum } from './optimum.js';
export type { OptimumOptions, OptimumResult } from './optimum.js';
export { controllerPolicy, schedulePolicy } from './policy.js';
export type { SimPolicy, PolicyChoice, ControllerPolicyOptions } from './policy.js';
export { rateBasedPolicy } from './baselines/rate-based.js';
export type { RateBasedOptions } from './baselines/rate-based.js';
export { bba0Policy } from './baselines/bba0.js';
export type { Bba0Options } from './baselines/bba0.js';
export { robustMpcPolicy, planMpc, ROBUST_MPC_MAX_HORIZON } from './baselines/robust-mpc.js';
export type { RobustMpcOptions, MpcPlan, MpcPlanInput } from './baselines/robust-mpc.js';
export { sodaPolicy, monotonicPlans, planSoda } from './baselines/soda.js';
export type { SodaOptions, SodaPlanInput } from './baselines/soda.js';
export { bolaPolicy, bolaParameters } from './baselines/bola.js';
export type { BolaOptions, BolaParameters } from './baselines/bola.js';
