Feature: Published statistics on disclosures to immigration enforcement
  A force may publish how often it passed information to immigration enforcement, and how
  often the firewall refused. The numbers must match the force's own audit log, and a small
  number must never be published, nor be worked out from the totals or by comparing one
  release with another, because a small number can point to a person.

  Background:
    Given a case in which a victim, a witness and a suspect have been recorded

  @FW-21 @needs-seed-case @needs-audit-log @needs-disclose @needs-statistics
  Scenario: Published statistics match the audit log and give no small count away, even across releases
    When the system publishes its statistics on disclosures to immigration enforcement for the last twelve complete months, and for each quarter of them
    Then the published statistics match the audit log in every number
    And the published statistics suppress every count below the publication threshold
    And the published statistics let no suppressed count be worked out from their totals
    When an officer discloses the suspect to immigration enforcement
    And an officer tries to disclose the victim to immigration enforcement
    And the system is asked again for its statistics, this time up to and including the month under way
    Then the published statistics give no count below the threshold away when the two releases are compared
