package dev.seam.examples.readme;

import java.io.IOException;

/** A legacy blocking inventory client. */
public interface StockClient {
  Stock get(String sku) throws IOException;
}
