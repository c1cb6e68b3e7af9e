package dev.seam.examples.readme;

/** What an order page shows: the order and the stock of what it sold. */
public record Page(Order order, Stock stock) {}
