package dev.laurel.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Who or what made a change: a user (id and name) for manual changes, or an automation's reason,
 * process and workflow. Unused fields are null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Actor(String userId, String userName, String reason, String processId, String workflowId, String workflowName) {

    public static Actor user(String userId, String userName) {
        return new Actor(userId, userName, null, null, null, null);
    }

    public static Actor automation(String reason, String processId, String workflowId, String workflowName) {
        return new Actor(null, null, reason, processId, workflowId, workflowName);
    }

    public static Actor process(String name) {
        return new Actor(null, null, name, null, null, null);
    }
}
