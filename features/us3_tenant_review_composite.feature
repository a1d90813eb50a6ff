@US3
Feature: US3 See truthful composite progress for tenant review compose
  As a tenant operator, I need tenant review composition to summarize the child operation posture
  without pretending it is percentage-complete, so I can tell whether the review is aggregating
  healthy or problematic recent operations before I drill into details.

  Background:
    Given a tenant "Contoso" with an operator "olivia" who may view its operations

  @US3-AS1 @FR-008.a @FR-009 @SC-003 @confidence
  Scenario: A review queued from an evidence snapshot exposes the aggregate operation count
    Given an evidence snapshot of "Contoso" summarizing 12 recent operations, 0 failed and 0 partial
    When a tenant review composition is queued from that snapshot
    And the run starts
    Then the progress capability is "composite"
    And the composite summary reports 12 children, 0 failed and 0 partial
    And the composite summary has no hint
    And the shell shows the operation "Tenant review" as "Running"
    And the shell shows "12 recent operations"
    And the shell shows no progress bar and no percentage

  @US3-AS2 @FR-008.b @SC-003 @confidence
  Scenario Outline: Failed or partial recent operations give a next-step hint instead of pending copy
    Given an evidence snapshot of "Contoso" summarizing <children> recent operations, <failed> failed and <partial> partial
    When a tenant review composition is queued from that snapshot
    And the run starts
    Then the progress capability is "composite"
    And the progress label is not the generic composite copy
    And the progress label is "Summarizing operations that need attention"
    And the composite summary reports <children> children, <failed> failed and <partial> partial
    And the composite hint is "<hint>"
    And the shell shows "<hint>"
    And the shell shows no progress bar and no percentage

    Examples:
      | children | failed | partial | hint                                                      |
      | 12       | 2      | 1       | Review failed operations before relying on this review    |
      | 5        | 0      | 2       | Check partly finished operations before using this review |
      | 3        | 3      | 0       | Review failed operations before relying on this review    |

  @US3-AS3 @FR-011 @SC-003 @confidence
  Scenario: A finished review keeps its outcome separate and no active composite treatment remains
    Given an evidence snapshot of "Contoso" summarizing 12 recent operations, 2 failed and 1 partial
    And a tenant review composition is queued from that snapshot
    And the run starts
    When the run completes
    Then the run gets no active progress treatment
    And the lifecycle is "completed"
    And the shell shows the operation "Tenant review" as "Completed"
    And the shell does not show "12 recent operations"
    And the shell does not show "Review failed operations"
