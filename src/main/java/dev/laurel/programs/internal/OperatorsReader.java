package dev.laurel.programs.internal;

import static dev.laurel.programs.ProgramDocuments.OPERATOR_PASSWORD_LENGTH_MIN;

import dev.laurel.programs.Program.Operator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code operators} section: usernames unique, a password or its bcrypt hash given. */
final class OperatorsReader {

    private OperatorsReader() {}

    static List<Operator> read(Fields program) {
        List<Operator> operators = new ArrayList<>();
        Set<String> usernames = new HashSet<>();
        for (Fields operator : program.objects("operators")) {
            String username = operator.text("username");
            if (username != null && !usernames.add(username)) {
                operator.error("username", "'" + username + "' is used by another operator");
            }
            operators.add(new Operator(username, operator.text("name"), passwordBcrypt(operator)));
        }
        return operators;
    }

    /** The operator's hash. Passwords are hashed before the check, so a password still here is one that could not be. */
    private static String passwordBcrypt(Fields operator) {
        if (operator.has("password") && operator.has("passwordBcrypt")) {
            operator.error("password", "give password or passwordBcrypt, not both");
        } else if (operator.has("password")) {
            operator.error("password", "must be at least " + OPERATOR_PASSWORD_LENGTH_MIN + " characters");
        } else if (!operator.has("passwordBcrypt")) {
            operator.error("passwordBcrypt", "is required");
        }
        return operator.has("password") ? null : operator.text("passwordBcrypt");
    }
}
