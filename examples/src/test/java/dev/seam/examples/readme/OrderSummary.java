package dev.seam.examples.readme;

/** An order with its customer's count of open orders. */
public record OrderSummary(Order order, int openOrders) {}
