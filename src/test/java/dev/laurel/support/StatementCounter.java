package dev.laurel.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;

/**
 * Counts the round trips Laurel's code makes to PostgreSQL through its DataSource: every statement executed (a batch
 * counts once) and every commit and rollback. Import it into a test's context to measure statements per request;
 * {@link #statementsOf} tells which statements some work ran.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StatementCounter implements BeanPostProcessor {

    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeBatch", "executeLargeUpdate",
            "executeLargeBatch");
    private static final Set<String> ENDS = Set.of("commit", "rollback");
    private static final Set<String> STATEMENTS = Set.of("createStatement", "prepareStatement", "prepareCall");

    private final AtomicLong count = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    /** The texts of the statements this thread executes while {@link #statementsOf} runs; null otherwise. */
    private final ThreadLocal<List<String>> recording = new ThreadLocal<>();

    public long count() {
        return count.get();
    }

    /** The commits alone (also in {@link #count}). */
    public long commits() {
        return commits.get();
    }

    /** Runs {@code work} on this thread and returns the SQL of every statement it executed there, in order. */
    public List<String> statementsOf(Runnable work) {
        List<String> texts = new ArrayList<>();
        recording.set(texts);
        try {
            work.run();
        } finally {
            recording.remove();
        }
        return texts;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof DataSource dataSource) {
            return proxy(DataSource.class, dataSource, (target, method, args) -> {
                Object result = invoke(method, target, args);
                return method.getName().equals("getConnection") ? proxy(Connection.class, result, this::connection) : result;
            });
        }
        return bean;
    }

    private Object connection(Object target, Method method, Object[] args) throws Throwable {
        if (ENDS.contains(method.getName()) && (args == null || args.length == 0)) {
            count.incrementAndGet();
            if (method.getName().equals("commit")) {
                commits.incrementAndGet();
            }
        }
        Object result = invoke(method, target, args);
        if (STATEMENTS.contains(method.getName())) {
            Class<?> type = method.getReturnType();
            String prepared = args != null && args.length > 0 && args[0] instanceof String sql ? sql : null;
            return proxy(type, result, (statement, m, a) -> {
                if (EXECUTES.contains(m.getName())) {
                    count.incrementAndGet();
                    List<String> texts = recording.get();
                    if (texts != null) {
                        texts.add(prepared != null ? prepared : a != null && a.length > 0 && a[0] instanceof String sql ? sql : "(batch)");
                    }
                }
                return invoke(m, statement, a);
            });
        }
        return result;
    }

    private interface Handler {
        Object handle(Object target, Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, Handler handler) {
        if (!Statement.class.isAssignableFrom(type) && type != Connection.class && type != DataSource.class) {
            return (T) target;
        }
        InvocationHandler h = (p, method, args) -> {
            if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                return invoke(method, target, args);
            }
            return handler.handle(target, method, args);
        };
        return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] {type}, h);
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
