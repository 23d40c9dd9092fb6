// The elections a staff console lists (admin, key-holder): fetched from the gateway, with the
// loading, error and "none" states, then a table of title, state and the console's own columns.
import { useEffect, useState, type ReactNode } from 'react';
import { get } from '../api';
import { useI18n } from '../i18n';
import { Busy, ErrorBox, StateBadge } from './common';

interface ElectionColumn<E> {
  readonly header: string;
  readonly cell: (e: E) => ReactNode;
  readonly className?: string;
}

export function ElectionTable<E extends { electionId: string; state: string }>(props: {
  path: string;
  none: string;
  title: (e: E) => ReactNode;
  columns: readonly ElectionColumn<E>[];
  testId?: string;
}): ReactNode {
  const { t } = useI18n();
  const [list, setList] = useState<E[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<E[]>(props.path).then(setList, setError);
  }, [props.path]);
  return (
    <>
      <ErrorBox error={error} />
      {list === null && error === null && <Busy label={t('loading')} />}
      {list !== null && list.length === 0 && <p>{props.none}</p>}
      {list !== null && list.length > 0 && (
        <table className="table" data-testid={props.testId}>
          <thead>
            <tr>
              <th scope="col">{t('admin.colTitle')}</th>
              <th scope="col">{t('admin.state')}</th>
              {props.columns.map((c) => (
                <th key={c.header} scope="col">
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {list.map((e) => (
              <tr key={e.electionId}>
                <th scope="row">{props.title(e)}</th>
                <td>
                  <StateBadge state={e.state} />
                </td>
                {props.columns.map((c) => (
                  <td key={c.header} className={c.className}>
                    {c.cell(e)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
