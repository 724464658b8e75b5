package dev.laurel.platform;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in one currency (ISO 4217), at the currency's scale ({@code 20.00} USD, {@code 500} JPY). In
 * JSON the amount is a decimal string, so no reader turns it into a floating-point number.
 */
public record Money(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        amount = amount.setScale(scale(currency), RoundingMode.UNNECESSARY);
    }

    /** This amount {@code times} times over, exactly. */
    public Money times(long times) {
        return new Money(amount.multiply(BigDecimal.valueOf(times)), currency);
    }

    /** The number of decimals of a currency's minor unit (2 for USD, 0 for JPY); {@link IllegalArgumentException} for no ISO 4217 code. */
    public static int scale(String currency) {
        return Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
    }

    /** Whether {@code currency} is an ISO 4217 code Java knows. */
    public static boolean knownCurrency(String currency) {
        try {
            Currency.getInstance(currency);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether {@code amount} fits the currency's scale without rounding. */
    public static boolean fitsScale(BigDecimal amount, String currency) {
        return amount.stripTrailingZeros().scale() <= scale(currency);
    }
}
