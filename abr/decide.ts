import { DEFAULT_ABR_CONFIG, type AbrConfig } from './config.js';
import { bufferRule, upThresholdSec } from './rules/buffer.js';
import { createRuleContext, describeCaps, highestRungUnder, rungLabel, type Rule, type RuleContext } from './rules/context.js';
import { downloadTimeRule } from './rules/download-time.js';
import { planRule } from './rules/plan.js';
import { startupRule } from './rules/startup.js';
import type { AbrPhase, Decision, DecisionInput, NamedProposal, RulePriority } from './types.js';

/** The rules `decide` runs by default, in tie-break order (on equal rung and priority, the first named wins). */
export const DEFAULT_RULES: readonly Rule[] = Object.freeze([startupRule, planRule, bufferRule, downloadTimeRule]);

const PRIORITY_RANK: Readonly<Record<RulePriority, number>> = { weak: 0, default: 1, strong: 2 };

/**
 * One ABR decision from one snapshot: pure, no clock, no I/O.
 *
 *  1. The phase: a seek (or flush) puts the controller back in `startup`; `startup` hands over to
 *     `steady` once the buffer has reached the buffer rule's up-switch level for the rung startup
 *     holds or would pick (so the hand-over never forces a down-switch).
 *  2. Every rule proposes `{ rung, priority, reason }` or stays silent.
 *  3. Composition as dash.js `getMinSwitchRequest`: the strongest priority present wins and, within
 *     it, the lowest rung, so caps like the download-time rule simply lower a target.
 *  4. Rules only consider the rungs the embedder's caps allow (min/max rung, player size: see
 *     `allowedRungs`); the result is clamped into them again, and its reason names the caps when
 *     they bind.
 *
 * Throws RangeError when `input.rungs` is empty.
 */
export function decide(input: DecisionInput, config: AbrConfig = DEFAULT_ABR_CONFIG, rules: readonly Rule[] = DEFAULT_RULES): Decision {
  if (input.rungs.length === 0) throw new RangeError('decide() needs at least one rung');
  const phase = effectivePhase(input, config);
  const ctx = createRuleContext(input, config, phase);
  const proposals: NamedProposal[] = [];
  for (const rule of rules) {
    const proposal = rule.propose(ctx);
    if (proposal !== null) proposals.push({ ...proposal, rule: rule.name });
  }
  const winner = pickProposal(proposals);
  if (winner === null) {
    const rung = ctx.currentRung ?? ctx.minRung;
    return { rung, rule: 'none', reason: `no rule proposed → ${rungLabel(ctx, rung)}`, phase, proposals };
  }
  const rung = Math.min(ctx.maxRung, Math.max(ctx.minRung, Math.round(winner.rung)));
  const caps = describeCaps(ctx);
  const binds = caps !== '' && (rung === ctx.maxRung || rung === ctx.minRung);
  const reason = binds ? `${winner.reason} [caps: ${caps}]` : winner.reason;
  return { rung, rule: winner.rule, reason, phase, proposals };
}

/** Strongest priority, then lowest rung, then rule order. Null for no proposals. */
export function pickProposal(proposals: readonly NamedProposal[]): NamedProposal | null {
  let best: NamedProposal | null = null;
  for (const proposal of proposals) {
    if (best === null) {
      best = proposal;
      continue;
    }
    const rank = PRIORITY_RANK[proposal.priority];
    const bestRank = PRIORITY_RANK[best.priority];
    if (rank > bestRank || (rank === bestRank && proposal.rung < best.rung)) best = proposal;
  }
  return best;
}

/** The phase this decision runs in. */
export function effectivePhase(input: DecisionInput, config: AbrConfig): AbrPhase {
  if (input.seeking === true) return 'startup';
  if (input.phase !== 'startup' || input.lastRung === null) return input.phase;
  const ctx = createRuleContext(input, config, 'startup');
  const startupRung = ctx.config.planner.enabled ? highestRungUnder(ctx, ctx.estimateBps * ctx.config.startup.bandwidthFactor) : (startupRule.propose(ctx)?.rung ?? ctx.minRung);
  return shouldLeaveStartup(ctx, Math.max(startupRung, ctx.currentRung ?? ctx.minRung)) ? 'steady' : 'startup';
}

function shouldLeaveStartup(ctx: RuleContext, rung: number): boolean {
  return ctx.input.bufferSec >= upThresholdSec(ctx, rung);
}
