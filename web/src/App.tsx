import { lazy, Suspense } from 'react';
import { Busy, Layout } from './components/common';
import { useI18n } from './i18n';
import { ElectionPage, HomePage, TrackerLookupPage } from './public/pages';
import { Link, match, useLocation } from './router';
import { VoterApp } from './voter/VoterApp';

// Staff consoles and the verifier load on demand, so a voter's phone downloads only the ballot.
const AdminApp = lazy(() => import('./admin/AdminApp').then((m) => ({ default: m.AdminApp })));
const KeyholderApp = lazy(() => import('./keyholder/KeyholderApp').then((m) => ({ default: m.KeyholderApp })));
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
  if (p === '/admin' || p.startsWith('/admin/')) staff = <AdminApp />;
  else if (p === '/keyholder') staff = <KeyholderApp />;
  else if (p === '/audit' || p.startsWith('/audit/')) staff = <AuditorApp />;
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
