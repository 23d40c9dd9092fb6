import { useEffect, useState, type ReactNode } from 'react';
import { get } from '../api';
import { Busy, ErrorBox, Layout, StateBadge } from '../components/common';
import { formatDateTime, formatNumber, formatPercent } from '../format';
import { useI18n } from '../i18n';
import { Link, match, useLocation } from '../router';
import type { AdminElectionSummary } from '../types';
import { ApplicationQueue, ApplicationReview, BlackoutsPage } from './Applications';
import { ElectionAdmin } from './Election';
import { StaffLogin, useStaffSession } from './session';
import { Wizard } from './Wizard';

export function AdminApp() {
  const { t } = useI18n();
  const loc = useLocation();
  const { session, setSession, logout } = useStaffSession();
  let body: ReactNode;
  if (session === undefined) body = <Busy label={t('loading')} />;
  else if (session === null || (session.user.role !== 'admin' && session.user.role !== 'orgadmin')) {
    body = (
      <StaffLogin title={t('admin.loginTitle')} onLogin={setSession}>
        {session !== null && <p className="alert alert-warn">{t('admin.wrongRole')}</p>}
      </StaffLogin>
    );
  } else {
    let m: Record<string, string> | null;
    const staff = session.user.role === 'admin';
    if (loc.path === '/admin/new') body = <Wizard session={session} />;
    else if ((m = match('/admin/elections/:eid/edit', loc.path))) body = <Wizard session={session} electionId={m['eid']!} />;
    else if ((m = match('/admin/elections/:eid/fees', loc.path))) body = <ElectionAdmin electionId={m['eid']!} tab="fees" />;
    else if ((m = match('/admin/elections/:eid', loc.path))) body = <ElectionAdmin electionId={m['eid']!} />;
    else if (staff && loc.path === '/admin/applications') body = <ApplicationQueue />;
    else if (staff && (m = match('/admin/applications/:ref', loc.path))) body = <ApplicationReview refNo={m['ref']!} />;
    else if (loc.path === '/admin/blackouts') body = <BlackoutsPage canDeclare={staff} />;
    else body = <ElectionList />;
  }
  const section = loc.path.startsWith('/admin/applications') ? 'applications' : loc.path.startsWith('/admin/blackouts') ? 'blackouts' : 'elections';
  const nav =
    session ? (
      <nav className="top-nav" aria-label={t('admin.nav')}>
        <Link to="/admin" aria-current={section === 'elections' ? 'page' : undefined}>
          {t('admin.elections')}
        </Link>
        {session.user.role === 'admin' && (
          <Link to="/admin/applications" aria-current={section === 'applications' ? 'page' : undefined}>
            {t('review.nav')}
          </Link>
        )}
        <Link to="/admin/blackouts" aria-current={section === 'blackouts' ? 'page' : undefined}>
          {t('blackout.title')}
        </Link>
        <span className="who">{session.user.displayName ?? session.user.username}</span>
        <button type="button" className="btn btn-link" onClick={() => void logout()}>
          {t('logout')}
        </button>
      </nav>
    ) : null;
  return (
    <Layout wide title={t('admin.title')} nav={nav}>
      {body}
    </Layout>
  );
}

function ElectionList() {
  const { t, lang } = useI18n();
  const [list, setList] = useState<AdminElectionSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<AdminElectionSummary[]>('/api/admin/elections').then(setList, setError);
  }, []);
  return (
    <>
      <div className="title-row">
        <h1>{t('admin.elections')}</h1>
        <Link className="btn btn-primary" to="/admin/new">
          {t('admin.new')}
        </Link>
      </div>
      <ErrorBox error={error} />
      {list === null && error === null && <Busy label={t('loading')} />}
      {list !== null && list.length === 0 && <p>{t('admin.none')}</p>}
      {list !== null && list.length > 0 && (
        <table className="table" data-testid="election-list">
          <thead>
            <tr>
              <th scope="col">{t('admin.colTitle')}</th>
              <th scope="col">{t('admin.state')}</th>
              <th scope="col">{t('admin.colSchedule')}</th>
              <th scope="col">{t('admin.turnout')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((e) => (
              <tr key={e.electionId}>
                <th scope="row">
                  <Link to={`/admin/elections/${encodeURIComponent(e.electionId)}`}>{e.title}</Link>
                  <div className="hint">{e.electionId}</div>
                </th>
                <td>
                  <StateBadge state={e.state} />
                </td>
                <td>
                  {formatDateTime(e.schedule.opensAt, lang)} – {formatDateTime(e.schedule.closesAt, lang)}
                </td>
                <td className="num">
                  {formatNumber(e.turnout.voted, lang)} / {formatNumber(e.turnout.eligible, lang)} ({formatPercent(e.turnout.voted, e.turnout.eligible, lang)})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
