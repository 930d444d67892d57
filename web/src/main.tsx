import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, Role, Session, storedSession, storeSession, whenSignedOut } from './api.js';
import { ROLE } from './labels.js';
import { AdjustmentsPage } from './pages/adjustments.js';
import { AuditPage } from './pages/audit.js';
import { DesignationPage, DesignationsPage } from './pages/designations.js';
import { ImportPage } from './pages/import.js';
import { JobsPage } from './pages/jobs.js';
import { UsersPage } from './pages/users.js';
import { AssessmentsPage } from './pages/assessor.js';
import { DashboardPage } from './pages/dashboard.js';
import { AdminLanding, FirstDayPage } from './pages/first-day.js';
import { NotificationsPage } from './pages/notifications.js';
import { PaymentsPage, PeriodPage } from './pages/finance.js';
import { PasswordPage } from './pages/password.js';
import { ReviewPage } from './pages/review.js';
import { SignIn } from './pages/sign-in.js';
import { HonoursPage } from './pages/honours.js';
import { EmployerApplicationsPage, EmployerPeoplePage, RecommendationsPage, RoundsPage } from './pages/selection.js';
import { ChangeRequestsPage, RequestsLanding, WorkshopPage, WorkshopsPage } from './pages/workshops.js';
import { hashPath } from './route.js';
import { errorText } from './ui.js';
import { LedgerPage } from './find.js';

interface NavItem {
  path: string;
  text: string;
}

/** What each role sees in the navigation; a role sees nothing else (the API refuses the rest anyway). */
const NAV: Record<Role, NavItem[]> = {
  admin: [
    { path: '/dashboard', text: '工作概况' },
    { path: '/designations', text: '首席技师名册' },
    { path: '/adjustments', text: '动态调整' },
    { path: '/assessments', text: '考核任务' },
    { path: '/import', text: '批量导入' },
    { path: '/honours', text: '荣誉称号' },
    { path: '/payments', text: '津贴发放' },
    { path: '/rounds', text: '首席技师选拔' },
    { path: '/review', text: '专家评审与命名' },
    { path: '/jobs', text: '运行任务' },
    { path: '/notifications', text: '邮件通知' },
    { path: '/users', text: '用户' },
    { path: '/audit', text: '审计日志' },
    { path: '/first-day', text: '首次使用' },
  ],
  finance: [
    { path: '/dashboard', text: '工作概况' },
    { path: '/payments', text: '津贴发放' },
  ],
  assessor: [
    { path: '/assessments', text: '考核任务' },
    { path: '/recommendations', text: '选拔推荐意见' },
  ],
  union: [
    { path: '/workshops', text: '工作室' },
    { path: '/change-requests', text: '管理变更申请' },
  ],
  city_office: [
    { path: '/workshops', text: '工匠创新工作室' },
    { path: '/change-requests', text: '待决定的变更申请' },
    { path: '/honours', text: '荣誉称号' },
  ],
  employer: [
    { path: '/applications', text: '首席技师申报' },
    { path: '/my-people', text: '本单位首席技师' },
  ],
  expert: [{ path: '/review', text: '专家评审' }],
};

function useHashPath(): string {
  const [path, setPath] = useState(hashPath);
  useEffect(() => {
    const onChange = () => setPath(hashPath());
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return path;
}

function route(role: Role, path: string, session: Session) {
  const [, first, second, third] = path.split('/');
  // Every signed-in user may change their own password.
  if (first === 'password') return <PasswordPage />;
  // An admin arriving lands on the first-day steps while the service is empty.
  if (role === 'admin' && path === '/') return <AdminLanding />;
  // A union or the city office lands on the change requests it decides, when it decides any.
  if ((role === 'union' || role === 'city_office') && path === '/') return <RequestsLanding session={session} />;
  const allowed = NAV[role].some((n) => n.path === `/${first}`);
  if (!allowed) return null;
  switch (first) {
    case 'dashboard':
      return <DashboardPage role={role} />;
    case 'designations':
      return second ? <DesignationPage id={second} /> : <DesignationsPage />;
    case 'adjustments':
      return <AdjustmentsPage />;
    case 'import':
      return <ImportPage />;
    case 'payments':
      if (second === 'ledger' && third) return <LedgerPage designationId={third} />;
      return second ? <PeriodPage period={second} role={role} /> : <PaymentsPage role={role} />;
    case 'jobs':
      return <JobsPage />;
    case 'notifications':
      return <NotificationsPage />;
    case 'users':
      return <UsersPage />;
    case 'audit':
      return <AuditPage />;
    case 'first-day':
      return <FirstDayPage />;
    case 'assessments':
      return <AssessmentsPage canCorrect={role === 'admin'} />;
    case 'workshops':
      return second ? <WorkshopPage id={second} session={session} /> : <WorkshopsPage session={session} />;
    case 'honours':
      return <HonoursPage talentId={second} />;
    case 'review':
      return <ReviewPage session={session} roundId={second} />;
    case 'change-requests':
      return <ChangeRequestsPage session={session} />;
    case 'rounds':
      return <RoundsPage />;
    case 'recommendations':
      return <RecommendationsPage />;
    case 'applications':
      return <EmployerApplicationsPage session={session} />;
    case 'my-people':
      return <EmployerPeoplePage />;
    default:
      return null;
  }
}

function App() {
  const [session, setSession] = useState<Session | null>(storedSession);
  const path = useHashPath();
  useEffect(() => whenSignedOut(() => (storeSession(null), setSession(null))), []);

  if (!session) {
    return <SignIn onSignedIn={(s) => (storeSession(s), setSession(s))} />;
  }
  const role = session.user.role;
  const nav = NAV[role];
  const page = route(role, path, session);
  if (!page) {
    location.hash = nav[0].path;
    return null;
  }
  const signOut = async () => {
    try {
      await api('DELETE', '/sessions/current');
    } catch (error) {
      console.warn('sign-out:', errorText(error));
    }
    storeSession(null);
    setSession(null);
  };
  return (
    <>
      <header class="top">
        <h1>松江区首席技师与工匠创新工作室管理</h1>
        <span data-testid="who">
          {session.user.name}（{ROLE[role]}）
        </span>
        <a href="#/password">修改密码</a>
        <button type="button" onClick={signOut}>
          退出登录
        </button>
      </header>
      <nav class="side" aria-label="主导航">
        {nav.map((n) => (
          <a href={`#${n.path}`} class={path === n.path || path.startsWith(`${n.path}/`) ? 'current' : ''}>
            {n.text}
          </a>
        ))}
      </nav>
      <main>{page}</main>
    </>
  );
}

const root = document.getElementById('app')!;
root.textContent = ''; // the static "loading" text; render() does not replace what it did not draw
render(<App />, root);
