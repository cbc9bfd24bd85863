package dev.vxplatform.order.orders;

import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.json.JsonObject;

/** A request to move an order where its status does not allow (complete a cancelled order): 409. */
public class IllegalTransitionException extends ProblemException {

  public IllegalTransitionException(Order order, OrderStatus wanted) {
    super(409, "Illegal transition", "order " + order.id() + " is " + order.status() + " and cannot become " + wanted,
        new JsonObject().put("orderId", order.id()).put("orderStatus", order.status().name()));
  }
}
