package dev.seam.examples.readme;

/** A stock level from the inventory service, shared by the README's examples. */
public record Stock(String sku, int quantity) {}
