import type { ReactNode } from 'react';
import { Busy, Layout } from '../components/common';
import { ElectionTable } from '../components/ElectionTable';
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
  return (
    <>
      <div className="title-row">
        <h1>{t('admin.elections')}</h1>
        <Link className="btn btn-primary" to="/admin/new">
          {t('admin.new')}
        </Link>
      </div>
      <ElectionTable<AdminElectionSummary>
        path="/api/admin/elections"
        none={t('admin.none')}
        testId="election-list"
        title={(e) => (
          <>
            <Link to={`/admin/elections/${encodeURIComponent(e.electionId)}`}>{e.title}</Link>
            <div className="hint">{e.electionId}</div>
          </>
        )}
        columns={[
          {
            header: t('admin.colSchedule'),
            cell: (e) => (
              <>
                {formatDateTime(e.schedule.opensAt, lang)} – {formatDateTime(e.schedule.closesAt, lang)}
              </>
            ),
          },
          {
            header: t('admin.turnout'),
            className: 'num',
            cell: (e) => (
              <>
                {formatNumber(e.turnout.voted, lang)} / {formatNumber(e.turnout.eligible, lang)} ({formatPercent(e.turnout.voted, e.turnout.eligible, lang)})
              </>
            ),
          },
        ]}
      />
    </>
  );
}
