import * as Tabs from '@radix-ui/react-tabs';
import { Link, useSearchParams } from 'wouter';
import { ApiError } from '../api/client';
import { ErrorPanel } from '../ui/error-panel';
import { nameOf } from '../ui/format';
import { PageHeading } from '../ui/page';
import { ActivityTab } from './activity-tab';
import { Avatar } from './avatar';
import { Facts } from './facts';
import { IdentitiesSection } from './identities-section';
import { ProfileActions } from './profile-actions';
import { useProfile } from './profile-query';
import { SessionsTab } from './sessions-tab';

const TABS = ['identities', 'activity', 'sessions'] as const;

/** A person's profile: who they are, what can be done to them, and the Identities, Activity and Sessions tabs. */
export default function ProfilePage({ userId }: { userId: string }) {
  const profile = useProfile(userId);
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((t) => t === params.get('tab')) ?? 'identities';

  if (profile.isError) {
    if (profile.error instanceof ApiError && profile.error.status === 404) {
      return (
        <>
          <PageHeading title="User not found">User not found</PageHeading>
          <p>
            There is no user {userId}; they may have been deleted. <Link href="/users">Back to Users</Link>
          </p>
        </>
      );
    }
    return (
      <>
        <PageHeading title="User">User</PageHeading>
        <ErrorPanel error={profile.error} onRetry={() => void profile.refetch()} title="This profile couldn't be loaded" />
      </>
    );
  }
  if (profile.isPending) return <p className="muted">Loading the profile…</p>;

  const user = profile.data;
  const name = nameOf(user);
  return (
    <>
      <Link href="/users" className="back">
        ← Users
      </Link>
      <div className="profile-head">
        <Avatar user={user} />
        <div>
          <PageHeading title={name}>{name}</PageHeading>
          {user.is_suspended && (
            <div className="badges">
              <span className="badge suspended">Suspended</span>
            </div>
          )}
        </div>
      </div>
      <ProfileActions user={user} />
      <Facts user={user} />
      <Tabs.Root value={tab} onValueChange={(next) => setParams(next === 'identities' ? {} : { tab: next }, { replace: true })}>
        <Tabs.List className="tab-list" aria-label="Profile">
          <Tabs.Trigger value="identities">Identities</Tabs.Trigger>
          <Tabs.Trigger value="activity">Activity</Tabs.Trigger>
          <Tabs.Trigger value="sessions">Sessions</Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="identities">
          <IdentitiesSection user={user} />
        </Tabs.Content>
        <Tabs.Content value="activity">
          <ActivityTab user={user} />
        </Tabs.Content>
        <Tabs.Content value="sessions">
          <SessionsTab user={user} />
        </Tabs.Content>
      </Tabs.Root>
    </>
  );
}
