import { lazy, Suspense } from 'react';
import { Busy, Layout } from './components/common';
import { useI18n } from './i18n';
import { ElectionPage, HomePage, TrackerLookupPage } from './public/pages';
import { Link, match, useLocation } from './router';
import { VoterApp } from './voter/VoterApp';

// Staff consoles and the verifier load on demand, so a voter's phone downloads only the ballot.
const AdminApp = lazy(() => import('./admin/AdminApp').then((m) => ({ default: m.AdminApp })));
const KeyholderApp = lazy(() => import('./keyholder/KeyholderApp').then((m) => ({ default: m.KeyholderApp })));
const desk = () => import('./desk/public');
const ApplyPage = lazy(() => desk().then((m) => ({ default: m.ApplyPage })));
const StatusPage = lazy(() => desk().then((m) => ({ default: m.StatusPage })));
const FeesPage = lazy(() => desk().then((m) => ({ default: m.FeesPage })));
const InvitationPage = lazy(() => desk().then((m) => ({ default: m.InvitationPage })));
const AuditorApp = lazy(() => import('./auditor/AuditorApp').then((m) => ({ default: m.AuditorApp })));

function Loading() {
  const { t } = useI18n();
  return (
    <Layout>
      <Busy label={t('loading')} />
    </Layout>
  );
}

export function App() {
  const loc = useLocation();
  const { t } = useI18n();
  const p = loc.path.replace(/\/+$/, '') || '/';
  if (p === '/') return <HomePage />;
  if (p === '/v' || p.startsWith('/v/')) return <VoterApp />;
  if (p === '/track') return <TrackerLookupPage />;
  const e = match('/e/:eid', p);
  if (e) return <ElectionPage electionId={e['eid']!} />;
  let staff = null;
  let e2: Record<string, string> | null;
  if (p === '/admin' || p.startsWith('/admin/')) staff = <AdminApp />;
  else if (p === '/keyholder') staff = <KeyholderApp />;
  else if (p === '/audit' || p.startsWith('/audit/')) staff = <AuditorApp />;
  else if (p === '/apply') staff = <ApplyPage />;
  else if (p === '/apply/status') staff = <StatusPage refNo={null} />;
  else if ((e2 = match('/apply/status/:ref', p))) staff = <StatusPage refNo={e2['ref']!} />;
  else if (p === '/fees') staff = <FeesPage />;
  else if (p === '/staff/invitation') staff = <InvitationPage />;
  if (staff !== null) return <Suspense fallback={<Loading />}>{staff}</Suspense>;
  return (
    <Layout title={t('notFound.title')}>
      <h1>{t('notFound.title')}</h1>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </Layout>
  );
}
