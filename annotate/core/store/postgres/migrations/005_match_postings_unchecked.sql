-- Match postings are derived from their episode's transcript and always written with it, in one
-- transaction; checking each row's episode cost more than a third of copying an archive in.
-- Postings of an episode that is gone are ignored by the matcher.
ALTER TABLE match_postings DROP CONSTRAINT IF EXISTS match_postings_episode_fkey;
