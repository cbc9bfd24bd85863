package dev.vxplatform.shared.contract.stock;

/** What a {@link ReservationMutation} decided. */
public enum ReservationResult {
  /** {@code begin}: this attempt owns the reservation now and may place holds. */
  STARTED,
  /** {@code begin}, {@code commit}: another attempt is placing holds and its lease has not run out. */
  BUSY,
  /** The record already says what was asked (a repeated reserve, release or commit). */
  UNCHANGED,
  /** {@code begin}: the order has a reservation for other items. */
  ITEMS_DIFFER,
  /** The reservation is in a state that forbids the request (commit or reserve after release). */
  WRONG_STATE,
  /** {@code finish}: the attempt's result was recorded. */
  FINISHED,
  /** {@code finish}: another attempt owns the reservation now; this one's result was not recorded. */
  SUPERSEDED,
  /** {@code release}, {@code commit}: the order holds nothing (unknown, or its last attempt was rejected). */
  ABSENT,
  /** {@code release}, {@code commit}: the reservation moved to its final state by this call. */
  DECIDED
}
