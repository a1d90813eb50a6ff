@AR-002
Feature: Authorization of phase and composite progress
  Existing tenant/admin-plane authorization remains unchanged: non-members stay 404,
  member-but-missing-capability actors stay 403, and no surface reveals phase or composite
  progress for a run the current actor cannot already view.

  Background:
    Given a tenant "Contoso" with an operator "olivia" who may view its operations
    And a tenant "Fabrikam" with an operator "frank" who may view its operations
    And an operator "mia" who is a member of "Contoso" without the view capability

  @AR-001 @confidence
  Scenario Outline: <actor> opening a <family> run of Contoso gets <status>
    Given a running <family> run for "Contoso" whose context is <context>
    When "<actor>" opens the run
    Then the response is <status>
    And the response reveals <reveals> of the run's progress

    Examples:
      | actor  | family                    | context                                                                  | status | reveals  |
      | olivia | baseline capture          | {"progress": {"phase": {"key": "fetching"}}}                             | 200    | all      |
      | frank  | baseline capture          | {"progress": {"phase": {"key": "fetching"}}}                             | 404    | nothing  |
      | mia    | baseline capture          | {"progress": {"phase": {"key": "fetching"}}}                             | 403    | nothing  |
      | frank  | tenant review composition | {"progress": {"composite": {"children": 12, "failed": 2, "partial": 1}}} | 404    | nothing  |
      | mia    | tenant review composition | {"progress": {"composite": {"children": 12, "failed": 2, "partial": 1}}} | 403    | nothing  |
      | mia    | baseline compare          | {"progress": {"phase": {"key": "processing"}}}                           | 403    | nothing  |

  @AR-001 @confidence
  Scenario: An actor who is not signed in gets 404
    Given a running baseline capture run for "Contoso" whose context is {"progress": {"phase": {"key": "fetching"}}}
    When an anonymous actor opens the run
    Then the response is 404
    And the response reveals nothing of the run's progress

  @AR-001 @confidence
  Scenario: The shell lists only the current tenant's visible runs
    Given a running baseline capture run "c1" for "Contoso" whose context is {"progress": {"phase": {"key": "fetching"}}}
    And a running baseline compare run "f1" for "Fabrikam" whose context is {"progress": {"phase": {"key": "processing"}}}
    When "olivia" opens the shell of "Contoso"
    Then the shell lists the runs "c1"
    And the shell does not show "Comparing with the baseline"
    When "mia" opens the shell of "Contoso"
    Then the shell lists no runs
    When "frank" opens the shell of "Contoso"
    Then the response is 404

  @AR-003 @confidence
  Scenario Outline: The <family> shell hint introduces no mutating action
    Given a running <family> run for "Contoso" whose context is <context>
    When "olivia" opens the run
    Then the shell's only actions are "View operation" and "Show all operations"
    And the shell links to the run's operation page and to the tenant's operations

    Examples:
      | family                    | context                                                                  |
      | baseline capture          | {"progress": {"phase": {"key": "fetching"}}}                             |
      | tenant review composition | {"progress": {"composite": {"children": 12, "failed": 2, "partial": 1}}} |
      | review pack generation    | {}                                                                       |
