@AR-002
Feature: Authorization of phase and composite progress
  Existing tenant/admin-plane authorization remains unchanged: non-members stay 404,
  member-but-missing-capability actors stay 403, and no surface reveals phase or composite
  progress for a run the current actor cannot already view.

  Background:
    Given a tenant "Contoso" with an operator "olivia" who may view its operations
    And a tenant "Fabrikam" with an operator "frank" who may view its operations
    And an operator "mia" who is a member of "Contoso" without the view capability

  @AR-001.a @AR-001.c @confidence
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

  @AR-001.b @confidence
  Scenario: An actor who is not signed in gets 404
    Given a running baseline capture run for "Contoso" whose context is {"progress": {"phase": {"key": "fetching"}}}
    When an anonymous actor opens the run
    Then the response is 404
    And the response reveals nothing of the run's progress

  @AR-001.a @AR-001.c @AR-001.d @confidence
  Scenario: The shell lists only the current tenant's visible runs
    Given a running baseline capture run "c1" for "Contoso" whose context is {"progress": {"phase": {"key": "fetching"}}}
    And a running baseline compare run "f1" for "Fabrikam" whose context is {"progress": {"phase": {"key": "processing"}}}
    When "olivia" opens the shell of "Contoso"
    Then the shell lists the runs "c1"
    And the shell does not show "Comparing with the baseline"
    When "mia" opens the shell of "Contoso"
    Then the response is 200
    And the shell lists no runs
    When "frank" opens the shell of "Contoso"
    Then the response is 404

  @AR-001.d @confidence
  Scenario: A member of two tenants sees only the current tenant's runs, in the order given
    Given an operator "bea" who may view the operations of "Contoso" and "Fabrikam"
    And a running baseline capture run "c1" for "Contoso" whose context is {"progress": {"phase": {"key": "fetching"}}}
    And a running baseline compare run "f1" for "Fabrikam" whose context is {"progress": {"phase": {"key": "processing"}}}
    And a running tenant review composition run "c2" for "Contoso" whose context is {"progress": {"composite": {"children": 3, "failed": 1, "partial": 0}}}
    When "bea" opens the shell of "Contoso"
    Then the response is 200
    And the shell lists the runs "c1, c2" in that order
    And the shell does not show "Comparing with the baseline"
    When "bea" opens the shell of "Fabrikam"
    Then the shell lists the runs "f1" in that order
    And the shell does not show "Capturing evidence"

  @AR-001.e @confidence
  Scenario: Canonical detail and collection routes stay tenant-aware while a tenant's context is active
    Given an operator "bea" who may view the operations of "Contoso" and "Fabrikam"
    And a running baseline capture run "c1" for "Contoso" whose context is {"progress": {"phase": {"key": "fetching"}}}
    And a running baseline compare run "f1" for "Fabrikam" whose context is {"progress": {"phase": {"key": "processing"}}}
    When "bea" opens the shell of "Contoso"
    Then every hint the shell lists links to its own run and to the operations of "Contoso"
    When "bea" opens the shell of "Fabrikam"
    Then every hint the shell lists links to its own run and to the operations of "Fabrikam"

  @AR-003.a @NFR-003.a @confidence
  Scenario Outline: The <family> shell hint introduces no mutating action
    Given a running <family> run for "Contoso" whose context is <context>
    When "olivia" opens the run
    Then the shell's only actions are "View operation" and "Show all operations"
    And the shell links to the run's operation page and to the tenant's operations
    And the shell starts no polling

    Examples:
      | family                    | context                                                                  |
      | baseline capture          | {"progress": {"phase": {"key": "fetching"}}}                             |
      | tenant review composition | {"progress": {"composite": {"children": 12, "failed": 2, "partial": 1}}} |
      | review pack generation    | {}                                                                       |
