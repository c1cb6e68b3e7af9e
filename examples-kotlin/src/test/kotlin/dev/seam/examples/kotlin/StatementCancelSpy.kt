package dev.seam.examples.kotlin

import java.lang.reflect.InvocationTargetException
import java.lang.reflect.Proxy
import java.sql.Connection
import java.sql.PreparedStatement
import java.sql.Statement
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import javax.sql.DataSource

/** A data source whose statements count down a latch when cancel() reaches them. */
class StatementCancelSpy {
    private val cancelled = CountDownLatch(1)

    fun awaitCancelled(): Boolean = cancelled.await(10, TimeUnit.SECONDS)

    fun over(pool: DataSource): DataSource =
        proxy(DataSource::class.java, pool) { method, result ->
            if (method == "getConnection") proxy(Connection::class.java, result, ::spyOnStatements) else result
        }

    private fun spyOnStatements(method: String, result: Any?): Any? =
        when (result) {
            is PreparedStatement -> proxy(PreparedStatement::class.java, result, ::onStatementCall)
            is Statement -> proxy(Statement::class.java, result, ::onStatementCall)
            else -> result
        }

    private fun onStatementCall(method: String, result: Any?): Any? {
        if (method == "cancel") cancelled.countDown()
        return result
    }

    private fun <T> proxy(type: Class<T>, target: Any?, after: (String, Any?) -> Any?): T =
        type.cast(
            Proxy.newProxyInstance(javaClass.classLoader, arrayOf(type)) { _, method, args ->
                val result =
                    try {
                        method.invoke(target, *(args ?: emptyArray()))
                    } catch (e: InvocationTargetException) {
                        throw e.cause ?: e
                    }
                after(method.name, result)
            }
        )
}
