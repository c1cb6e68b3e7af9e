package dev.seam.examples.catalogue;

import dev.seam.CallContext;
import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamScope;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /api/products/{id}}: the product from the database and its live price from the pricing
 * service, fetched in parallel in one {@link SeamScope}, each on its own seam with its own
 * deadline. A price that does not come within the budget degrades to "price unavailable" instead of
 * failing the page.
 *
 * <p>The container thread only starts the two calls and returns (Servlet async); the answer is
 * written by whichever thread completes the second future. A database failure cancels the pricing
 * exchange (the scope's sibling cancellation); a pricing failure never fails the page: a price that
 * times out, fails or is refused becomes "price unavailable" (and is counted as what it was in the
 * pricing seam's stats), and when that failure cancelled a database read still running (the scope
 * cancels siblings) the product is read again on its own. Thread-safe.
 */
final class ProductServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Duration DB_TIMEOUT = Duration.ofMillis(500);
  private static final Duration CLIENT_SLACK = Duration.ofMillis(100);

  private final transient Seam catalogDb;
  private final transient Seam pricingSeam;
  private final transient ProductDao dao;
  private final transient PricingClient pricing;
  private final Duration priceBudget;

  ProductServlet(
      Seam catalogDb,
      Seam pricingSeam,
      ProductDao dao,
      PricingClient pricing,
      Duration priceBudget) {
    this.catalogDb = catalogDb;
    this.pricingSeam = pricingSeam;
    this.dao = dao;
    this.pricing = pricing;
    this.priceBudget = priceBudget;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String raw = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
    long id;
    try {
      id = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      write(resp, 400, Json.object().put("error", "bad product id '" + raw + "'").toString());
      return;
    }
    AsyncContext async = req.startAsync();
    async.setTimeout(10_000);
    SeamScope scope = SeamScope.open();
    CompletableFuture<Optional<Product>> product =
        scope.call(catalogDb, read(id), c -> find(id, c));
    // The budget is the call's deadline: a slow price is a timed-out call, counted as one in the
    // pricing seam's stats, and the page degrades it to "price unavailable".
    CompletableFuture<Price> price =
        scope.call(
            pricingSeam,
            CallOptions.timeout(priceBudget).withDescription("price " + id),
            c -> quote(id, c));
    CompletableFuture<Answer> unused =
        CompletableFuture.allOf(product, price)
            .handle((v, e) -> null)
            .thenCompose(v -> answer(id, product, price, scope))
            .whenComplete(
                (json, e) -> {
                  scope.close(); // both calls are done; nothing is left to wait for
                  respond(async, json, e);
                });
  }

  private static CallOptions read(long id) {
    return CallOptions.timeout(DB_TIMEOUT).withDescription("product " + id);
  }

  private Optional<Product> find(long id, CallContext call) throws Exception {
    // The legacy DAO hands over its statement, so a cancel reaches the database.
    return dao.find(id, statement -> call.onCancel(statement::cancel));
  }

  private Price quote(long id, CallContext call) throws IOException, InterruptedException {
    // The client's own timeout stays just behind the seam's deadline, so that the deadline (which
    // interrupts the worker, and HttpClient aborts the exchange) is what ends a slow price, and the
    // stats say "timed out". The client's errors fail the call: the stats say "failed", not
    // "succeeded", for a price the page could not show.
    return Price.live(pricing.quote(id, call.remaining().plus(CLIENT_SLACK)));
  }

  private CompletableFuture<Answer> answer(
      long id,
      CompletableFuture<Optional<Product>> product,
      CompletableFuture<Price> price,
      SeamScope scope) {
    Price p =
        price.isCompletedExceptionally() ? Price.unavailable(priceFailure(price)) : price.join();
    if (!product.isCompletedExceptionally()) {
      return CompletableFuture.completedFuture(Answer.of(id, product.join(), p));
    }
    boolean cutByPricing = failure(product).equals("cancelled") && scope.failure().isPresent();
    if (!cutByPricing || !price.isCompletedExceptionally()) {
      return CompletableFuture.completedFuture(Answer.failed(product));
    }
    // The pricing seam refused or timed out the call, and the scope cancelled the database read
    // with it: read the product alone, so a pricing problem still never fails the page.
    return catalogDb
        .call(read(id), c -> find(id, c))
        .handle((found, e) -> e == null ? Answer.of(id, found, p) : Answer.failed(e));
  }

  // "pricing timed out", "pricing busy"...; the client's own errors name the service already.
  private static String priceFailure(CompletableFuture<Price> price) {
    Throwable e = Outcome.unwrap(price.handle((v, t) -> t).join());
    if (e instanceof SeamCallException && e.getCause() != null) {
      return String.valueOf(e.getCause().getMessage());
    }
    return "pricing " + Outcome.reason(e);
  }

  private static String failure(CompletableFuture<?> f) {
    try {
      f.join();
      return "none";
    } catch (CancellationException e) {
      return "cancelled";
    } catch (RuntimeException e) {
      return "pricing " + Outcome.reason(e);
    }
  }

  private static void respond(AsyncContext async, Answer answer, Throwable e) {
    try {
      HttpServletResponse resp = (HttpServletResponse) async.getResponse();
      if (e != null) {
        write(resp, 500, Json.object().put("error", Outcome.reason(e)).toString());
      } else {
        write(resp, answer.status(), answer.json());
      }
    } catch (IOException | IllegalStateException gone) {
      // The client left before its answer: nothing to tell it.
    } finally {
      async.complete();
    }
  }

  static void write(HttpServletResponse resp, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }

  /** A live price, or why there is none. */
  record Price(Long cents, String unavailable) {
    static Price live(long cents) {
      return new Price(cents, null);
    }

    static Price unavailable(String why) {
      return new Price(null, why);
    }
  }

  /** What the page answers: a status and a JSON body. */
  record Answer(int status, String json) {
    static Answer of(long id, Optional<Product> product, Price price) {
      if (product.isEmpty()) {
        return new Answer(404, Json.object().put("error", "no product " + id).toString());
      }
      Product p = product.get();
      Json json =
          Json.object()
              .put("id", p.id())
              .put("name", p.name())
              .put("storedPriceCents", p.priceCents())
              .put("priceCents", price.cents())
              .put(
                  "price",
                  price.cents() != null
                      ? "live"
                      : "price unavailable (" + price.unavailable() + ")");
      return new Answer(200, json.toString());
    }

    static Answer failed(Throwable e) {
      return new Answer(
          Outcome.status(e),
          Json.object().put("error", "catalogue database " + Outcome.reason(e)).toString());
    }

    static Answer failed(CompletableFuture<?> f) {
      return failed(f.handle((v, e) -> e).join());
    }
  }
}
