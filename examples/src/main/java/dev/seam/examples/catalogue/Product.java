package dev.seam.examples.catalogue;

/**
 * A catalogue row.
 *
 * @param id the product id
 * @param name its display name
 * @param priceCents the last stored price, in cents
 */
public record Product(long id, String name, long priceCents) {}
