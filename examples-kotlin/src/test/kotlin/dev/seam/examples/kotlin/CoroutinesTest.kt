package dev.seam.examples.kotlin

import com.zaxxer.hikari.HikariConfig
import com.zaxxer.hikari.HikariDataSource
import dev.seam.Propagators
import dev.seam.Seam
import dev.seam.jdbc.AsyncJdbc
import java.util.UUID
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.asContextElement
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.future.await
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.slf4j.MDCContext
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.slf4j.MDC

/**
 * A seam call awaited from a coroutine: the coroutine's cancellation (withTimeout, a cancelled
 * scope) cancels the call's future through await(), which reaches Statement.cancel(); MDCContext
 * and ThreadLocal context elements are on the submitting thread when the call is made, so the
 * seam's propagators carry them to the worker.
 */
class CoroutinesTest {
    private val pool =
        HikariDataSource(
            HikariConfig().apply {
                jdbcUrl = "jdbc:h2:mem:kotlin-${UUID.randomUUID()};DB_CLOSE_DELAY=-1"
                maximumPoolSize = 2
            }
        )
    private val spy = StatementCancelSpy()
    private val seam: Seam =
        AsyncJdbc.seamFor("kotlin", pool)
            .propagate(Propagators.mdc(), Propagators.threadLocal(TENANT))
            .build()
    private val jdbc: AsyncJdbc = AsyncJdbc.builder(spy.over(pool), seam).build()

    @AfterEach
    fun close() {
        jdbc.close()
        seam.close()
        pool.close()
    }

    @Test
    fun withTimeoutCancelsTheQueryAtTheDatabase() {
        runBlocking {
            jdbc.queryOne("SELECT 1", { rs -> rs.getInt(1) }).await() // the pool is warm
            assertThrows<TimeoutCancellationException> {
                withTimeout(2_000) { jdbc.queryOne(SLOW_QUERY, { rs -> rs.getLong(1) }).await() }
            }
            assertThat(spy.awaitCancelled()).`as`("Statement.cancel() reached").isTrue()
        }
    }

    @Test
    fun cancellingTheScopeCancelsTheQueryAtTheDatabase() {
        runBlocking {
            val job = launch(Dispatchers.Default) { jdbc.queryOne(SLOW_QUERY, { rs -> rs.getLong(1) }).await() }
            // Until H2 runs the query (bounded): a cancel then must reach the statement.
            withTimeout(10_000) { while (!executing()) delay(10) }

            job.cancelAndJoin()

            assertThat(spy.awaitCancelled()).`as`("Statement.cancel() reached").isTrue()
        }
    }

    private fun executing(): Boolean =
        pool.connection.use { c ->
            c.prepareStatement(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE EXECUTING_STATEMENT LIKE ? AND SESSION_ID <> SESSION_ID()"
            ).use { ps ->
                ps.setString(1, "%SYSTEM_RANGE(1, 1000000000000)%")
                ps.executeQuery().use { rs -> rs.next() && rs.getInt(1) == 1 }
            }
        }

    @Test
    fun cancellingTheScopeCancelsTheCallAndRunsItsHook() {
        runBlocking {
            val started = CountDownLatch(1)
            val hookRan = CountDownLatch(1)
            val job =
                launch(Dispatchers.Default) {
                    seam
                        .call { call ->
                            call.onCancel { hookRan.countDown() }
                            started.countDown()
                            Thread.sleep(60_000) // a legacy call that waits; the interrupt ends it
                            "never"
                        }
                        .await()
                }
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue()

            job.cancelAndJoin()

            assertThat(hookRan.await(10, TimeUnit.SECONDS)).`as`("cancel hook ran").isTrue()
            assertThat(job.isCancelled).isTrue()
        }
    }

    @Test
    fun mdcContextAndThreadLocalElementsArriveOnTheWorker() {
        runBlocking {
            val seen =
                withContext(Dispatchers.Default + MDCContext(mapOf("request" to "k-1")) + TENANT.asContextElement("acme")) {
                    seam.call(Callable { "${Thread.currentThread().name} ${MDC.get("request")} ${TENANT.get()}" }).await()
                }
            assertThat(seen).startsWith("seam-kotlin-").endsWith(" k-1 acme")

            // The worker is restored afterwards: the next call, made without context, sees none.
            val after = seam.call(Callable { "${MDC.get("request")} ${TENANT.get()}" }).await()
            assertThat(after).isEqualTo("null null")
        }
    }

    @Test
    fun aFailedCallResumesTheCoroutineWithTheSeamsException() {
        runBlocking {
            val failure =
                assertThrows<dev.seam.SeamCallException> {
                    seam.call(Callable<String> { throw IllegalStateException("boom") }).await()
                }
            assertThat(failure).hasCauseInstanceOf(IllegalStateException::class.java).hasMessageContaining("kotlin")
        }
    }

    @Test
    fun aCancelledAwaitNeverSeesTheResult() {
        runBlocking {
            val release = CountDownLatch(1)
            val deferred = async(Dispatchers.Default) { seam.call(Callable { release.await(); "late" }).await() }
            deferred.cancel()
            release.countDown()
            assertThrows<CancellationException> { deferred.await() }
        }
    }

    companion object {
        val TENANT = ThreadLocal<String>()

        /** H2 checks for cancellation row by row; a trillion rows take far longer than any test. */
        const val SLOW_QUERY = "SELECT MAX(X + 1) FROM SYSTEM_RANGE(1, 1000000000000)"
    }
}
