// A group of radio buttons (the application form, the fee estimator).
import { useId, type ReactNode } from 'react';

/** A group of radio buttons with a legend and a hint under each choice. */
export function RadioGroup<V extends string>(props: { legend: string; name: string; value: V | ''; options: readonly V[]; label: (v: V) => string; hint?: (v: V) => string; onChange: (v: V) => void; error?: string | null; after?: ReactNode }) {
  const id = useId();
  return (
    <fieldset className="field choice-group" aria-describedby={props.error ? `${id}-err` : undefined}>
      <legend>{props.legend}</legend>
      {props.options.map((v) => (
        <label key={v} className={props.value === v ? 'choice checked' : 'choice'}>
          <input type="radio" name={props.name} value={v} checked={props.value === v} onChange={() => props.onChange(v)} aria-labelledby={`${id}-${v}-l`} aria-describedby={props.hint ? `${id}-${v}` : undefined} />
          <span className="choice-text">
            <span className="choice-label" id={`${id}-${v}-l`}>
              {props.label(v)}
            </span>
            {props.hint && (
              <span className="hint" id={`${id}-${v}`}>
                {props.hint(v)}
              </span>
            )}
          </span>
        </label>
      ))}
      {props.after}
      {props.error && (
        <p className="field-error" id={`${id}-err`}>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}
