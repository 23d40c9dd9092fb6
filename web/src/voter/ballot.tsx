// The ballot as voters see it: one screen per contest, each contest type with its rules.
// The admin wizard's preview renders these same components.
import { contestConstraints, type Contest } from '@ballotledger/core';
import { useId, type ReactNode, type Ref } from 'react';
import { useI18n, type T } from '../i18n';
import type { ContestInfo, OptionInfo } from '../types';

export function optionInfo(info: ContestInfo | undefined, optionId: string): OptionInfo | undefined {
  return info?.options.find((o) => o.optionId === optionId);
}

/** The label of an option as voters read it (translated built-in labels, or the candidate). */
export function optionLabel(contest: Contest, index: number, info: ContestInfo | undefined, t: T): string {
  const o = contest.options[index]!;
  if (index === abstainIndex(contest)) return t('ballot.abstain');
  if (contest.type === 'yesno' && (o.optionId === 'yes' || o.optionId === 'no')) return t(o.optionId === 'yes' ? 'ballot.yes' : 'ballot.no');
  if (contest.type === 'scale' && o.optionId === 'rating') return t('ballot.rating');
  const i = optionInfo(info, o.optionId);
  if (i !== undefined) return `${i.number !== null ? `${t('ballot.number', { n: i.number })} ` : ''}${i.name}`;
  return o.label;
}

export function abstainIndex(contest: Contest): number {
  return contest.abstainOptionId === null ? -1 : contest.options.findIndex((o) => o.optionId === contest.abstainOptionId);
}

/**
 * A voter's answer to one contest, one entry per option: null while that option is untouched
 * (nothing is shown as chosen), else the value picked. Untouched options are encrypted as 0.
 */
export type Answer = readonly (number | null)[];

export function emptyAnswer(contest: Contest): Answer {
  return contest.options.map(() => null);
}

export function answerValues(answer: Answer): number[] {
  return answer.map((v) => v ?? 0);
}

/** null if the answer satisfies the contest, else a translated reason. A scale must be answered even where 0 is a rating. */
export function contestProblem(contest: Contest, answer: Answer, t: T): string | null {
  const k = contestConstraints(contest);
  const ai = abstainIndex(contest);
  const values = answerValues(answer);
  const unanswered = contest.type === 'scale' && answer[0] === null && !(ai >= 0 && answer[ai] === 1);
  const ok = values.every((v, i) => k.optionValues[i]!.includes(v));
  const sum = values.reduce((s, v, i) => s + k.weights[i]! * v, 0);
  if (!unanswered && ok && (k.allowedSums === null || k.allowedSums.includes(sum))) return null;
  switch (contest.type) {
    case 'yesno':
      return t(ai >= 0 ? 'ballot.err.yesnoAbstain' : 'ballot.err.yesno');
    case 'choice': {
      const n = values.filter((v, i) => i !== ai && v > 0).length;
      if (n < contest.minTotal) return t('ballot.err.tooFew', { min: contest.minTotal });
      return t('ballot.err.tooMany', { max: contest.maxTotal });
    }
    case 'score':
      return t('ballot.err.scoreTotal', { max: contest.maxTotal });
    case 'scale':
      return t('ballot.err.scale');
  }
}

/** What a contest's rules are, in words. */
export function contestRules(contest: Contest, t: T): string {
  const ai = abstainIndex(contest);
  const abstain = ai >= 0 ? ` ${t('ballot.rule.abstain')}` : '';
  switch (contest.type) {
    case 'yesno':
      return t('ballot.rule.yesno') + abstain;
    case 'choice':
      if (contest.minTotal === contest.maxTotal) return t('ballot.rule.exactly', { n: contest.maxTotal }) + abstain;
      if (contest.minTotal === 0) return t('ballot.rule.upTo', { max: contest.maxTotal }) + abstain;
      return t('ballot.rule.between', { min: contest.minTotal, max: contest.maxTotal }) + abstain;
    case 'score': {
      const maxScore = Math.max(...contest.options.filter((_, i) => i !== ai).map((o) => o.maxValue));
      const n = contest.options.length - (ai >= 0 ? 1 : 0);
      const total = contest.maxTotal < n * maxScore ? ` ${t('ballot.rule.scoreTotal', { max: contest.maxTotal })}` : '';
      return t('ballot.rule.score', { max: maxScore }) + total + abstain;
    }
    case 'scale': {
      const o = contest.options[0]!;
      return t('ballot.rule.scale', { lo: o.minValue, hi: o.maxValue }) + abstain;
    }
  }
}

export function CandidateCard(props: { info: OptionInfo | undefined; fallback: string }) {
  const { t } = useI18n();
  const i = props.info;
  if (i === undefined) return <span className="cand-name">{props.fallback}</span>;
  return (
    <span className="cand">
      {i.photoUrl !== null && <img className="cand-photo" src={i.photoUrl} alt={t('ballot.photoAlt', { name: i.name })} width={56} height={70} />}
      <span className="cand-text">
        {i.number !== null && <span className="cand-number">{t('ballot.number', { n: i.number })}</span>}
        <span className="cand-name">{i.name}</span>
        {i.party !== null && <span className="cand-party">{i.party}</span>}
      </span>
    </span>
  );
}

export function CandidateProfiles(props: { contest: Contest; info: ContestInfo | undefined }) {
  const { t } = useI18n();
  const opts = props.info?.options.filter((o) => o.profileHtml !== null) ?? [];
  if (opts.length === 0) return null;
  return (
    <div className="profiles">
      {opts.map((o) => (
        <details key={o.optionId} className="profile">
          <summary>{t('ballot.profileOf', { name: `${o.number !== null ? `${t('ballot.number', { n: o.number })} ` : ''}${o.name}` })}</summary>
          {/* profileHtml is sanitised by the gateway (allow-list) before it reaches the ledger. */}
          <div className="profile-html" dangerouslySetInnerHTML={{ __html: o.profileHtml ?? '' }} />
        </details>
      ))}
    </div>
  );
}

export function ContestView(props: {
  contest: Contest;
  info: ContestInfo | undefined;
  answer: Answer;
  onChange: (answer: Answer) => void;
  index: number;
  total: number;
  headingRef?: Ref<HTMLHeadingElement>;
  showProblem?: boolean;
}) {
  const { t } = useI18n();
  const { contest, info, answer } = props;
  const values = answerValues(answer);
  const ai = abstainIndex(contest);
  const rulesId = useId();
  const problem = contestProblem(contest, answer, t);
  const set = (next: Answer): void => props.onChange(next);
  const headingId = useId();
  const abstained = ai >= 0 && answer[ai] === 1;
  const count = values.filter((v, i) => i !== ai && v > 0).length;

  let body: ReactNode;
  if (contest.type === 'yesno' || (contest.type === 'choice' && contest.maxTotal === 1 && contest.minTotal === 1) || contest.type === 'scale') {
    // One choice: a radio group.
    const name = `c-${contest.contestId}`;
    const items: { key: string; label: ReactNode; checked: boolean; pick: () => void }[] = [];
    if (contest.type === 'scale') {
      const o = contest.options[0]!;
      for (let v = o.minValue; v <= o.maxValue; v++) {
        const vv = v;
        items.push({ key: `r${v}`, label: <span className="scale-value">{v}</span>, checked: !abstained && answer[0] === v, pick: () => set(contest.options.map((_, i) => (i === 0 ? vv : 0))) });
      }
    } else {
      contest.options.forEach((o, i) => {
        if (i === ai) return;
        const label = contest.type === 'choice' ? <CandidateCard info={optionInfo(info, o.optionId)} fallback={o.label} /> : <span className="cand-name">{optionLabel(contest, i, info, t)}</span>;
        items.push({ key: o.optionId, label, checked: answer[i] === 1, pick: () => set(contest.options.map((_, j) => (j === i ? 1 : 0))) });
      });
    }
    if (ai >= 0) items.push({ key: 'abstain', label: <span className="cand-name">{t('ballot.abstain')}</span>, checked: abstained, pick: () => set(contest.options.map((_, j) => (j === ai ? 1 : null))) });
    body = (
      <div className={contest.type === 'scale' ? 'options options-scale' : 'options'} role="radiogroup" aria-labelledby={headingId} aria-describedby={rulesId}>
        {items.map((it) => (
          <label key={it.key} className={it.checked ? 'option checked' : 'option'}>
            <input type="radio" name={name} checked={it.checked} onChange={it.pick} />
            {it.label}
          </label>
        ))}
      </div>
    );
  } else if (contest.type === 'choice') {
    const toggle = (i: number): void => {
      const next = [...values];
      if (i === ai) {
        set(contest.options.map((_, j) => (j === ai && values[ai] !== 1 ? 1 : 0)));
        return;
      }
      if (next[i] === 1) next[i] = 0;
      else {
        if (count >= contest.maxTotal) return; // the limit message below is announced
        next[i] = 1;
        if (ai >= 0) next[ai] = 0;
      }
      set(next);
    };
    body = (
      <>
        <div className="options" role="group" aria-labelledby={headingId} aria-describedby={rulesId}>
          {contest.options.map((o, i) => {
            if (i === ai) return null;
            const checked = values[i] === 1;
            const full = !checked && count >= contest.maxTotal;
            return (
              <label key={o.optionId} className={checked ? 'option checked' : full ? 'option full' : 'option'}>
                <input type="checkbox" checked={checked} aria-disabled={full} onChange={() => toggle(i)} />
                <CandidateCard info={optionInfo(info, o.optionId)} fallback={o.label} />
              </label>
            );
          })}
          {ai >= 0 && (
            <label className={abstained ? 'option checked' : 'option'}>
              <input type="checkbox" checked={abstained} onChange={() => toggle(ai)} />
              <span className="cand-name">{t('ballot.abstain')}</span>
            </label>
          )}
        </div>
        <p className="live-count" role="status" aria-live="polite">
          {abstained ? t('ballot.abstained') : t('ballot.count', { n: count, max: contest.maxTotal })}
          {!abstained && count >= contest.maxTotal && contest.maxTotal > 1 ? ` ${t('ballot.limitReached')}` : ''}
        </p>
      </>
    );
  } else {
    // score
    const maxTotal = contest.maxTotal;
    const used = values.reduce((s, v, i) => (i === ai ? s : s + v), 0);
    body = (
      <>
        <div className="score-list">
          {contest.options.map((o, i) => {
            if (i === ai) return null;
            const legendId = `${headingId}-${i}`;
            return (
              <fieldset key={o.optionId} className="score-item" disabled={abstained}>
                <legend id={legendId}>
                  <CandidateCard info={optionInfo(info, o.optionId)} fallback={o.label} />
                </legend>
                <div className="options options-scale" role="radiogroup" aria-labelledby={legendId}>
                  {Array.from({ length: o.maxValue - o.minValue + 1 }, (_, k) => o.minValue + k).map((v) => (
                    <label key={v} className={answer[i] === v ? 'option checked' : 'option'}>
                      <input type="radio" name={`s-${contest.contestId}-${i}`} checked={answer[i] === v} onChange={() => set(answer.map((x, j) => (j === i ? v : j === ai ? 0 : x)))} aria-label={t('ballot.pointsFor', { n: v, name: optionLabel(contest, i, info, t) })} />
                      <span className="scale-value" aria-hidden="true">
                        {v}
                      </span>
                    </label>
                  ))}
                </div>
              </fieldset>
            );
          })}
          {ai >= 0 && (
            <label className={abstained ? 'option checked' : 'option'}>
              <input type="checkbox" checked={abstained} onChange={() => set(contest.options.map((_, j) => (j === ai && !abstained ? 1 : null)))} />
              <span className="cand-name">{t('ballot.abstain')}</span>
            </label>
          )}
        </div>
        <p className="live-count" role="status" aria-live="polite">
          {abstained ? t('ballot.abstained') : t('ballot.pointsUsed', { n: used, max: maxTotal })}
        </p>
      </>
    );
  }

  return (
    <section className="contest" aria-labelledby={headingId}>
      <p className="step-of">{t('ballot.contestOf', { i: props.index + 1, n: props.total })}</p>
      <h2 id={headingId} ref={props.headingRef} tabIndex={-1}>
        {contest.label}
      </h2>
      {info?.description && <p className="contest-desc">{info.description}</p>}
      <p className="rules" id={rulesId}>
        {contestRules(contest, t)}
      </p>
      {body}
      {props.showProblem && problem !== null && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <CandidateProfiles contest={contest} info={info} />
    </section>
  );
}

/** Human-readable choices of one contest (review screen, audit check). */
export function describeChoice(contest: Contest, info: ContestInfo | undefined, values: readonly number[], t: T): string[] {
  const ai = abstainIndex(contest);
  if (ai >= 0 && values[ai] === 1) return [t('ballot.abstain')];
  if (contest.type === 'scale') return [t('ballot.ratingValue', { n: values[0] ?? 0 })];
  if (contest.type === 'score') return contest.options.flatMap((_, i) => (i === ai ? [] : [`${optionLabel(contest, i, info, t)}: ${t('ballot.points', { n: values[i] ?? 0 })}`]));
  const picked = contest.options.flatMap((_, i) => (i !== ai && values[i]! > 0 ? [optionLabel(contest, i, info, t)] : []));
  return picked.length > 0 ? picked : [t('ballot.noneSelected')];
}
