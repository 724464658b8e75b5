package dev.laurel.web;

import dev.laurel.platform.LaurelSettings;
import dev.laurel.programs.Program;
import dev.laurel.programs.Programs;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.bcrypt.BCrypt;
import org.springframework.stereotype.Component;

/**
 * Signs operators in against their program's {@code operators} (bcrypt hashes). In development only,
 * a program that defines no operators accepts the development operator, as the README says.
 */
@Component
class OperatorAuthentication implements AuthenticationProvider {

    static final String DEV_USERNAME = "operator";
    static final String DEV_PASSWORD = "dev-console-password";

    private final Programs programs;
    private final LaurelSettings settings;

    OperatorAuthentication(Programs programs, LaurelSettings settings) {
        this.programs = programs;
        this.settings = settings;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String programId = authentication.getDetails() instanceof String p ? p.trim() : "";
        String username = String.valueOf(authentication.getPrincipal());
        String password = String.valueOf(authentication.getCredentials());
        Optional<Program> program = programId.isEmpty() ? Optional.empty() : programs.find(programId);
        if (program.isEmpty()) {
            throw new BadCredentialsException("wrong program, username or password");
        }
        Operator operator = null;
        Optional<Program.Operator> known = program.get().operator(username);
        if (known.isPresent() && known.get().passwordBcrypt() != null && BCrypt.checkpw(password, known.get().passwordBcrypt())) {
            operator = new Operator(programId, username, known.get().name() == null ? username : known.get().name());
        } else if (program.get().operators().isEmpty() && !settings.production() && DEV_USERNAME.equals(username)
                && DEV_PASSWORD.equals(password)) {
            operator = new Operator(programId, username, "Development operator");
        }
        if (operator == null) {
            throw new BadCredentialsException("wrong program, username or password");
        }
        return new UsernamePasswordAuthenticationToken(operator, null, List.of(new SimpleGrantedAuthority("ROLE_OPERATOR")));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
