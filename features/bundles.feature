@bundle
Feature: What a force sent out, as handed to an inspector
  Inspectors are often given what a force sent out instead of access to its live system: the
  extracts each recipient received over a period, and the audit log. The same promises are
  checked on those files. Nothing is planted in them, so each claim first shows that the same
  reading finds real victims and witnesses where they may lawfully be.

  These scenarios run only over an export bundle; the other features run only against a live
  system.

  @FW-01
  Scenario: Extracts sent to immigration enforcement hold nothing about victims or witnesses
    Given the extracts handed over in the bundle
    Then the status details of victims and witnesses are found in the extracts for lawful recipients, in every format immigration enforcement was sent
    And the extracts for immigration enforcement hold no victim or witness and none of their status details

  @FW-04
  Scenario: Every extract handed over was logged with who, when, to whom, why and on what basis
    Given the extracts handed over in the bundle
    Then the audit log records exactly one complete entry for each extract
    And the audit log records who, when, to whom, why and on what basis for every disclosure

  @FW-04
  Scenario: The audit log handed over shows no sign of an edit or a deletion
    When the auditor reads the whole audit log
    Then an altered copy of the log and a copy with an entry removed are both detected as tampered
    And the audit log itself is unbroken from its first entry to its last
