-- The highest fencing token of the reconciler's leadership the database has seen, one row. A new holder claims its
-- token here before it writes anything, and each of its writes to the tables checks, in the same statement, that
-- the row still names its token: a holder that was paused or cut off while another took over finds a newer token
-- and writes nothing. The incarnation names the lock's state; Hazelcast starts its tokens again when that state is
-- lost (a whole cluster restarted), and a new incarnation may then claim any token.
CREATE TABLE reconciler_fence (
  id          int    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  incarnation text   NOT NULL,
  token       bigint NOT NULL
);
