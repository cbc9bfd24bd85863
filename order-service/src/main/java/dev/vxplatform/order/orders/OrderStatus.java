package dev.vxplatform.order.orders;

import java.util.Set;

/** The life of an order: {@code PENDING → CONFIRMED → COMPLETED}, or {@code REJECTED}, or {@code CANCELLED}. */
public enum OrderStatus {
  PENDING, CONFIRMED, COMPLETED, REJECTED, CANCELLED;

  public boolean canMoveTo(OrderStatus next) {
    return switch (this) {
      case PENDING -> Set.of(CONFIRMED, REJECTED, CANCELLED).contains(next);
      case CONFIRMED -> next == COMPLETED || next == CANCELLED;
      case COMPLETED, REJECTED, CANCELLED -> false;
    };
  }
}
