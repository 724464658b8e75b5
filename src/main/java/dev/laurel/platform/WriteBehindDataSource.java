package dev.laurel.platform;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The pool as Laurel sees it: a connection that is about to run a statement, to commit or to set or release a savepoint
 * first sends the writes this thread's transaction holds back ({@link WriteBehind}); one that rolls back (all of it, or
 * to a savepoint) forgets them. Nothing changes for a thread that holds none back (one thread-local read per statement).
 */
final class WriteBehindDataSource extends DelegatingDataSource implements AutoCloseable {

    private static final Set<String> RUNS_STATEMENTS = Set.of("prepareStatement", "createStatement", "prepareCall", "commit", "setSavepoint",
            "releaseSavepoint");

    WriteBehindDataSource(DataSource pool) {
        super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return holding(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return holding(super.getConnection(username, password));
    }

    @Override
    public void close() throws Exception {
        if (getTargetDataSource() instanceof AutoCloseable pool) {
            pool.close();
        }
    }

    private static Connection holding(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (RUNS_STATEMENTS.contains(name)) {
                WriteBehind.sendHeld();
            } else if (name.equals("rollback")) {
                // All of it, or to a savepoint: what is held was written after the last savepoint (one sends it first).
                WriteBehind.dropHeld();
            } else if (name.equals("unwrap") && args[0] instanceof Class<?> type && type.isInstance(proxy)) {
                return proxy;
            } else if (name.equals("isWrapperFor") && args[0] instanceof Class<?> type && type.isInstance(proxy)) {
                return true;
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(WriteBehindDataSource.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }
}
